package dev.bulklaunch.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Drives a {@code scripts/launch serve} process as a user would: uploads one job per set of leads, the first as
 * {@code text/plain}, the next ones as multipart right after it, so they run side by side on the key; waits until
 * every job is done, reads each job's results, and stops the server with SIGTERM.
 */
final class ServerJobsDriver implements ScenarioRun.Driver {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;
  private final List<Set<String>> jobs;

  ServerJobsDriver(int port, List<Set<String>> jobs) {
    this.port = port;
    this.jobs = jobs;
  }

  static int freePort() throws IOException {
    return dev.bulklaunch.bench.FreePorts.one();
  }

  @Override
  public Measurement.LeadCheck drive(Process server, long deadlineNanos) throws Exception {
    String base = "http://127.0.0.1:" + port;
    try {
      awaitHealthy(server, base, deadlineNanos);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < jobs.size(); i++) {
        ids.add(upload(base, String.join("\n", jobs.get(i)) + "\n", i > 0));
      }
      LeadTally tally = new LeadTally();
      for (String id : ids) {
        awaitDone(base, id, deadlineNanos);
        String results = send(HttpRequest.newBuilder(URI.create(base + "/api/jobs/" + id + "/results")).GET()).body();
        results.lines().filter(line -> !line.isBlank()).forEach(tally::line);
      }
      Set<String> all = new HashSet<>();
      jobs.forEach(all::addAll);
      return tally.against(all);
    } finally {
      server.destroy(); // SIGTERM: the server closes its jobs and exits 0
    }
  }

  private void awaitHealthy(Process server, String base, long deadlineNanos) throws Exception {
    while (true) {
      if (!server.isAlive()) {
        throw new IllegalStateException("scripts/launch serve exited " + server.exitValue() + " before it served");
      }
      try {
        if (send(HttpRequest.newBuilder(URI.create(base + "/health")).GET()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      pause(deadlineNanos, "the server to answer /health");
    }
  }

  private String upload(String base, String ids, boolean multipart) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/jobs"));
    if (multipart) {
      String boundary = "----bench" + System.nanoTime();
      String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ids.txt\"\r\n"
          + "Content-Type: text/plain\r\n\r\n" + ids + "\r\n--" + boundary + "--\r\n";
      request.header("Content-Type", "multipart/form-data; boundary=" + boundary)
          .POST(HttpRequest.BodyPublishers.ofString(body));
    } else {
      request.header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(ids));
    }
    HttpResponse<String> response = send(request);
    if (response.statusCode() != 201) {
      throw new IllegalStateException("upload answered " + response.statusCode() + ": " + response.body());
    }
    return new JsonObject(response.body()).getString("id");
  }

  private void awaitDone(String base, String id, long deadlineNanos) throws Exception {
    while (!new JsonObject(send(HttpRequest.newBuilder(URI.create(base + "/api/jobs/" + id)).GET()).body())
        .getString("state").equals("done")) {
      pause(deadlineNanos, "job " + id + " to be done");
    }
  }

  private static void pause(long deadlineNanos, String what) throws InterruptedException {
    if (System.nanoTime() > deadlineNanos) {
      throw new IllegalStateException("timed out waiting for " + what);
    }
    Thread.sleep(50);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
