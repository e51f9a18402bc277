package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two jobs uploaded one right after the other run side by side on the key's one scheduler, each with its own
 * in-flight cap, against a server whose limit is the launcher's whole budget: together they must never put more
 * than the limit in any window at the server (counted by arrival, sliding), and both must make progress.
 */
class TwoJobsOneKeyTest extends ServerFixture {

  private static final int LEADS_PER_JOB = 800;

  @Test
  void twoJobsOnOneKeyNeverPutMoreThanTheLimitInAnyWindow() throws Exception {
    JsonObject sim = new JsonObject().put("rate", "100/1s").put("seed", 7)
        .put("latency", new JsonObject().put("dist", "uniform").put("minMs", 20).put("maxMs", 120));
    server = TestServer.start(dataDir, "100/1s", sim);

    String first = server.launch(TestServer.ids("plain", LEADS_PER_JOB));
    String second = uploadMultipart(TestServer.ids("form", LEADS_PER_JOB));
    long halfway = awaitLaunched(first, LEADS_PER_JOB / 2);
    long secondAtHalfway = launched(second);
    JsonObject a = awaitDone(first);
    JsonObject b = awaitDone(second);

    JsonObject stats = server.simulator.stats();
    assertThat(a.getJsonObject("counts").getLong("launched")).isEqualTo(LEADS_PER_JOB);
    assertThat(b.getJsonObject("counts").getLong("launched")).isEqualTo(LEADS_PER_JOB);
    assertThat(stats.getLong("launches")).isEqualTo(2L * LEADS_PER_JOB);
    assertThat(stats.getLong("maxInAnyWindow")).as("most arrivals in any 1 s window").isLessThanOrEqualTo(100);
    assertThat(stats.getLong("rateLimited")).isZero();
    // neither starves: when the first job is half done, the second, started right after, is about as far
    assertThat(secondAtHalfway).as("second job's launches when the first had %d", halfway)
        .isGreaterThanOrEqualTo(halfway * 3 / 4);
  }

  private String uploadMultipart(String ids) throws Exception {
    String boundary = "----bulk" + System.nanoTime();
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ids.txt\"\r\n"
        + "Content-Type: text/plain\r\n\r\n" + ids + "\r\n--" + boundary + "--\r\n";
    HttpResponse<String> response = server.upload("/api/jobs", "multipart/form-data; boundary=" + boundary, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return new JsonObject(response.body()).getString("id");
  }

  private long launched(String id) throws Exception {
    return server.job(id).getJsonObject("counts").getLong("launched");
  }

  private long awaitLaunched(String id, long atLeast) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    long n;
    while ((n = launched(id)) < atLeast) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("job " + id + " launched only " + n);
      }
      Thread.sleep(20);
    }
    return n;
  }

  private JsonObject awaitDone(String id) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    JsonObject job;
    while (!(job = server.job(id)).getString("state").equals("done")) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("job " + id + " not done: " + job.encode());
      }
      Thread.sleep(50);
    }
    return job;
  }
}
