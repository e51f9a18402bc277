package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulklaunch.jobs.HandDrivenUpload;
import dev.bulklaunch.jobs.Jobs;
import dev.bulklaunch.jobs.ServerJob;
import dev.bulklaunch.jobs.Spool;
import io.vertx.core.Context;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * A job whose upload breaks mid-way, with the break's order made certain: CI once saw such a job end as "done" when
 * the spool's reader saw the break before the upload route cancelled the job.
 */
class BrokenUploadTest extends ServerFixture {

  @Test
  void aJobWhoseInputFailsEndsAbortedWithTheCauseNeverDone() throws Exception {
    ServerJob job = startJob("broken");
    // nobody cancels the job here: only the input's failure can end it
    server.vertx.runOnContext(v -> spool.fill(upload, server.vertx.getOrCreateContext(), 1 << 20));
    server.vertx.runOnContext(v -> upload.send("lea_b1\nlea_b2\nlea_cu"));
    TestServer.awaitTrue(() -> server.simulator.stats().getLong("launches") >= 2, "the two whole lines are launched");
    server.vertx.runOnContext(v -> upload.fail(new IOException("Connection was closed")));

    TestServer.awaitTrue(job::isFinished, "the job ends");
    assertThat(job.state()).isEqualTo(ServerJob.State.ABORTED);
    assertThat(job.snapshot().getString("message")).contains("upload interrupted").contains("Connection was closed");
    assertThat(server.simulator.stats().getLong("requests")).as("the cut last line is never sent").isEqualTo(2);
  }

  @Test
  void theUploadRoutesCancelComesBeforeTheReaderSeesTheBreak() throws Exception {
    ServerJob job = startJob("cut");
    server.vertx.runOnContext(v -> spool.fill(upload, server.vertx.getOrCreateContext(), 1 << 20)
        .onFailure(error -> job.cancel("the upload was interrupted")));
    server.vertx.runOnContext(v -> upload.send("lea_c1\nlea_cu"));
    TestServer.awaitTrue(() -> server.simulator.stats().getLong("launches") >= 1, "the whole line is launched");
    server.vertx.runOnContext(v -> upload.fail(new IOException("Connection was closed")));

    TestServer.awaitTrue(job::isFinished, "the job ends");
    assertThat(job.state()).isEqualTo(ServerJob.State.CANCELLED);
    assertThat(job.snapshot().getString("message")).isEqualTo("the upload was interrupted");
  }

  private Spool spool;
  private final HandDrivenUpload upload = new HandDrivenUpload();

  /** A server job launching from a fresh spool, as the upload route starts one; the test fills the spool. */
  private ServerJob startJob(String name) throws Exception {
    server = TestServer.start(dataDir);
    Jobs jobs = server.server.jobs();
    ServerJob job = jobs.create(name, false);
    spool = Spool.create(job.inputFile());
    job.spooling(spool);
    jobs.start(job, spool);
    return job;
  }
}
