package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 item 4: ten uploads that send one line and stall once took 40 threads, and 20 stayed after their jobs were
 * cancelled, until the clients hung up. Threads are counted in this JVM, where the server runs (see {@link LiveThreads}).
 */
class StalledUploadThreadsTest extends ServerFixture {

  private static final int UPLOADS = 10;
  /** Threads a server makes once, lazily, whatever the load (RxJava's computation pool, a timer). */
  private static final int MARGIN = 3;

  @Test
  void stalledUploadsHoldNoThreadAndCancellingTheirJobsReturnsToTheIdleCount() throws Exception {
    server = TestServer.start(dataDir, new JsonObject().put("maxUploads", UPLOADS));
    server.awaitState(server.launch(TestServer.ids("warm", 20)), "done");
    int idle = LiveThreads.count();
    int idleAll = LiveThreads.all();

    List<HeldRequest> uploads = new ArrayList<>();
    try {
      for (int i = 0; i < UPLOADS; i++) {
        uploads.add(HeldRequest.upload(server.server.web().port(), "/api/jobs?name=stalled" + i, "lea_stall" + i + "\n"));
      }
      TestServer.awaitTrue(() -> server.simulator.stats().getLong("launches") >= 20 + UPLOADS,
          "each stalled upload's first line to be launched");
      int stalled = LiveThreads.count();
      int stalledAll = LiveThreads.all();
      java.util.Map<String, Integer> stalledNames = LiveThreads.byName();

      JsonArray jobs = new JsonObject(server.get("/api/jobs").body()).getJsonArray("jobs");
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < jobs.size(); i++) {
        if (jobs.getJsonObject(i).getString("name").startsWith("stalled")) {
          ids.add(jobs.getJsonObject(i).getString("id"));
        }
      }
      assertThat(ids).hasSize(UPLOADS);
      for (String id : ids) {
        server.send(server.request("/api/jobs/" + id).DELETE().build());
      }
      for (String id : ids) {
        server.awaitState(id, "cancelled");
      }
      awaitAtMost(idle + MARGIN);
      int afterCancel = LiveThreads.count();

      System.out.printf("threads: idle %d, %d stalled uploads %d, their jobs cancelled %d (all threads, shared pools "
          + "and the test's client included: %d, %d, %d)%n", idle, UPLOADS, stalled, afterCancel, idleAll, stalledAll,
          LiveThreads.all());
      assertThat(stalled).as("threads while %d uploads stall (idle %d): %s", UPLOADS, idle, stalledNames)
          .isLessThanOrEqualTo(idle + MARGIN);
      assertThat(afterCancel).as("threads after cancelling (idle %d): %s", idle, LiveThreads.byName())
          .isLessThanOrEqualTo(idle + MARGIN);
      assertThat(server.simulator.stats().getLong("launches")).as("only the lines sent").isEqualTo(20 + UPLOADS);
      for (HeldRequest upload : uploads) {
        assertThat(upload.answer(10_000)).as("the upload of a cancelled job is answered and closed")
            .startsWith("HTTP/1.1 409").contains("JOB_CANCELLED");
      }
    } finally {
      for (HeldRequest upload : uploads) {
        upload.close();
      }
    }
  }

  // Threads end a little after their work: a stopped executor's thread exits on its own schedule.
  private static void awaitAtMost(int threads) throws InterruptedException {
    try {
      TestServer.awaitTrue(() -> LiveThreads.count() <= threads, "at most " + threads + " threads");
    } catch (AssertionError timedOut) {
      // the assertion below names them
    }
  }
}
