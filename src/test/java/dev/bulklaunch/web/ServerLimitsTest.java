package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code server.maxUploads}, {@code server.uploadIdleTimeout} and {@code server.maxEventStreams} against a real server
 * with small limits: what the client got, what reached the simulator, and that the server is back to its idle thread
 * count once the jobs have ended.
 */
class ServerLimitsTest extends ServerFixture {

  private static final int MARGIN = 3;

  private String warmJob;

  @Test
  void uploadsOverTheLimitAre503WithRetryAfterUnreadAndTheSlotComesBackWhenAnUploadEnds() throws Exception {
    server = TestServer.start(dataDir, new JsonObject().put("maxUploads", 2));
    int idle = warmUp();
    int port = server.server.web().port();
    try (HeldRequest first = HeldRequest.upload(port, "/api/jobs?name=held1", "lea_held1\n");
         HeldRequest second = HeldRequest.upload(port, "/api/jobs?name=held2", "lea_held2\n")) {
      TestServer.awaitTrue(() -> launches() >= 7, "both held uploads' first line to be launched");

      RawHttp.Response refused = new RawHttp(port).send("POST", "/api/jobs?name=third", "lea_third1\nlea_third2\n",
          "Content-Type: text/plain");

      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.header("Retry-After")).isEqualTo("5");
      assertThat(new JsonObject(refused.body()).getString("error")).isEqualTo("TOO_MANY_UPLOADS");
      assertThat(refused.closedAfter()).as("the body is not read: the connection is closed").isTrue();
      assertThat(jobNames()).doesNotContain("third").contains("held1", "held2");

      first.send("lea_held1b\n");
      first.send("");
      assertThat(first.head(20_000)).startsWith("HTTP/1.1 201");
      String third = server.launch("lea_third1\nlea_third2\n");
      server.awaitState(third, "done");
      second.close();
      server.awaitState(jobId("held2"), "cancelled");
    }
    // the slot of the upload whose client hung up came back too: two can stream again
    try (HeldRequest third = HeldRequest.upload(port, "/api/jobs?name=again1", "lea_again1\n");
         HeldRequest fourth = HeldRequest.upload(port, "/api/jobs?name=again2", "lea_again2\n")) {
      TestServer.awaitTrue(() -> launches() >= 12, "both new uploads' first line to be launched");
    }
    server.awaitState(jobId("held1"), "done");
    assertThat(launches()).as("warm-up 5, held1 2, held2 1, third 2, again1 1, again2 1").isEqualTo(12);
    assertThat(server.simulator.stats().getLong("duplicateLaunches")).isZero();
    server.awaitState(jobId("again1"), "cancelled");
    server.awaitState(jobId("again2"), "cancelled");
    assertBackToIdle(idle);
  }

  @Test
  void anUploadThatSendsNothingIsCutAndItsJobCancelledWhileASlowSteadyOneIsNot() throws Exception {
    server = TestServer.start(dataDir, new JsonObject().put("uploadIdleTimeout", "1500ms"));
    int idle = warmUp();
    int port = server.server.web().port();
    try (HeldRequest stalled = HeldRequest.upload(port, "/api/jobs?name=stalled", "lea_stalled1\n");
         HeldRequest steady = HeldRequest.upload(port, "/api/jobs?name=steady", "lea_steady0\n")) {
      // a line every 100 ms for more than twice the idle timeout: never 1.5 s without a byte, even on a busy machine
      for (int i = 1; i <= 35; i++) {
        Thread.sleep(100);
        steady.send("lea_steady" + i + "\n");
      }
      steady.send("");

      String cut = stalled.answer(20_000);
      assertThat(cut).startsWith("HTTP/1.1 408").contains("UPLOAD_IDLE").contains("server.uploadIdleTimeout");
      assertThat(steady.head(20_000)).startsWith("HTTP/1.1 201");
    }
    JsonObject stalledJob = server.awaitState(jobId("stalled"), "cancelled");
    assertThat(stalledJob.getString("message")).contains("sent nothing for 1500ms").contains("server.uploadIdleTimeout");
    assertThat(server.awaitState(jobId("steady"), "done").getJsonObject("counts").getLong("launched")).isEqualTo(36);
    assertThat(launches()).as("warm-up 5, the stalled upload's one line, the steady one's 36").isEqualTo(42);
    assertBackToIdle(idle);
  }

  @Test
  void eventStreamsOverTheLimitAre503WithRetryAfterAndAClosedOneFreesItsSlot() throws Exception {
    server = TestServer.start(dataDir, new JsonObject().put("maxEventStreams", 2));
    int idle = warmUp();
    int port = server.server.web().port();
    List<HeldRequest> open = new ArrayList<>();
    try {
      open.add(HeldRequest.get(port, "/api/events"));
      open.add(HeldRequest.get(port, "/api/events"));
      for (HeldRequest stream : open) {
        assertThat(stream.head(10_000)).startsWith("HTTP/1.1 200").contains("text/event-stream");
      }
      try (HeldRequest refused = HeldRequest.get(port, "/api/jobs/" + warmJob + "/events")) {
        String head = refused.head(10_000);
        assertThat(head).startsWith("HTTP/1.1 503").containsIgnoringCase("Retry-After: 5");
        assertThat(refused.answer(10_000)).contains("TOO_MANY_EVENT_STREAMS");
      }
      open.remove(0).close();
      TestServer.awaitTrue(() -> {
        try (HeldRequest again = HeldRequest.get(port, "/api/events")) {
          return again.head(10_000).startsWith("HTTP/1.1 200");
        } catch (java.io.IOException e) {
          return false;
        }
      }, "a slot to come back when a client leaves");
    } finally {
      for (HeldRequest stream : open) {
        stream.close();
      }
    }
    assertBackToIdle(idle);
  }

  /** A finished job first, so that the threads a server makes once (lazily) are counted in the idle figure. */
  private int warmUp() throws Exception {
    warmJob = server.launch(TestServer.ids("warm", 5));
    server.awaitState(warmJob, "done");
    server.send(server.request("/api/jobs").GET().build());
    return LiveThreads.count();
  }

  private long launches() {
    return server.simulator.stats().getLong("launches");
  }

  private List<String> jobNames() throws Exception {
    JsonArray jobs = new JsonObject(server.get("/api/jobs").body()).getJsonArray("jobs");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      names.add(jobs.getJsonObject(i).getString("name"));
    }
    return names;
  }

  private String jobId(String namePrefix) throws Exception {
    JsonArray jobs = new JsonObject(server.get("/api/jobs").body()).getJsonArray("jobs");
    for (int i = 0; i < jobs.size(); i++) {
      if (jobs.getJsonObject(i).getString("name").startsWith(namePrefix)) {
        return jobs.getJsonObject(i).getString("id");
      }
    }
    throw new AssertionError("no job named " + namePrefix + "...");
  }

  private static void assertBackToIdle(int idle) throws InterruptedException {
    try {
      TestServer.awaitTrue(() -> LiveThreads.count() <= idle + MARGIN, "the idle thread count");
    } catch (AssertionError timedOut) {
      // named below
    }
    assertThat(LiveThreads.count()).as("threads once the jobs ended (idle %d): %s", idle, LiveThreads.byName())
        .isLessThanOrEqualTo(idle + MARGIN);
  }
}
