package dev.bulklaunch.bench.cluster;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** A launcher server's jobs API as a user's client sees it: upload IDs, read a job's state and its results. */
public final class JobsApi {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;

  public JobsApi(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** Uploads {@code leads} as one text/plain job; its ID. */
  public String upload(List<String> leads) throws IOException, InterruptedException {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/api/jobs"))
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(String.join("\n", leads) + "\n")));
    if (response.statusCode() != 201) {
      throw new IllegalStateException("upload to " + base + " answered " + response.statusCode() + ": " + response.body());
    }
    return new JsonObject(response.body()).getString("id");
  }

  /** The job's state ({@code running}, {@code done}, ...), or null when the server does not answer or know it. */
  public String state(String id) {
    try {
      HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/api/jobs/" + id)).GET());
      return response.statusCode() == 200 ? new JsonObject(response.body()).getString("state") : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  public List<String> results(String id) throws IOException, InterruptedException {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/api/jobs/" + id + "/results")).GET());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("results of " + id + " answered " + response.statusCode());
    }
    return response.body().lines().filter(line -> !line.isBlank()).toList();
  }

  public boolean healthy() {
    try {
      return send(HttpRequest.newBuilder(URI.create(base + "/health")).GET()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
