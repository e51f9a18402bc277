package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** The limit on running jobs (later ones wait as queued), purge, and {@code server.keepJobs}. */
class JobHousekeepingTest extends ServerFixture {

  @Test
  void pastMaxRunningJobsLaterJobsWaitQueuedAndStartWhenASlotFrees() throws Exception {
    server = TestServer.start(dataDir, new JsonObject().put("maxRunningJobs", 1));
    String first = server.launch(TestServer.ids("one", 100));
    HttpResponse<String> second = server.upload("/api/jobs", "text/plain", TestServer.ids("two", 20));
    HttpResponse<String> third = server.upload("/api/jobs", "text/plain", TestServer.ids("three", 10));
    assertThat(second.statusCode()).isEqualTo(201);
    assertThat(new JsonObject(second.body()).getString("state")).isEqualTo("queued");
    String secondId = new JsonObject(second.body()).getString("id");
    String thirdId = new JsonObject(third.body()).getString("id");
    assertThat(server.job(thirdId).getString("state")).isEqualTo("queued");

    HttpResponse<String> cancelled = server.send(server.request("/api/jobs/" + thirdId).DELETE().build());
    assertThat(new JsonObject(cancelled.body()).getString("state")).isEqualTo("cancelled");
    server.awaitState(first, "done");
    server.awaitState(secondId, "done");

    Instant firstLast = TestServer.lines(server.get("/api/jobs/" + first + "/results").body()).stream()
        .map(r -> Instant.parse(((JsonObject) r).getString("at"))).max(Instant::compareTo).orElseThrow();
    Instant secondFirst = TestServer.lines(server.get("/api/jobs/" + secondId + "/results").body()).stream()
        .map(r -> Instant.parse(((JsonObject) r).getString("at"))).min(Instant::compareTo).orElseThrow();
    assertThat(secondFirst).as("the queued job launched only after the first ended").isAfterOrEqualTo(firstLast);
    assertThat(server.simulator.stats().getLong("launches")).as("nothing of the cancelled queued job was sent")
        .isEqualTo(120);
    assertThat(server.job(thirdId).getString("state")).isEqualTo("cancelled");
  }

  @Test
  void purgeRemovesAFinishedJobAndItsFilesAndRefusesAnUnfinishedOne() throws Exception {
    server = TestServer.start(dataDir);
    String finished = server.launch(TestServer.ids("f", 5));
    server.awaitState(finished, "done");
    String paused = server.launch(TestServer.ids("p", 300));
    server.post("/api/jobs/" + paused + "/pause");
    Path finishedDir = dataDir.resolve("jobs").resolve(finished);

    HttpResponse<String> refused = server.send(server.request("/api/jobs/" + paused + "?purge=true").DELETE().build());
    HttpResponse<String> purged = server.send(server.request("/api/jobs/" + finished + "?purge=true").DELETE().build());

    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(new JsonObject(refused.body()).getString("error")).isEqualTo("JOB_NOT_FINISHED");
    assertThat(server.job(paused).getString("state")).isEqualTo("paused");
    assertThat(dataDir.resolve("jobs").resolve(paused).resolve("job.json")).exists();
    assertThat(purged.statusCode()).isEqualTo(200);
    assertThat(server.get("/api/jobs/" + finished).statusCode()).isEqualTo(404);
    TestServer.awaitTrue(() -> !Files.exists(finishedDir), "the purged job's files are deleted");
  }

  @Test
  void keepJobsPurgesFinishedJobsOlderThanItOnStartAndLaterOnATimer() throws Exception {
    server = TestServer.start(dataDir);
    String old = server.launch(TestServer.ids("old", 3));
    String recent = server.launch(TestServer.ids("new", 3));
    server.awaitState(old, "done");
    server.awaitState(recent, "done");
    server.close();
    Path oldFile = dataDir.resolve("jobs").resolve(old).resolve("job.json");
    Files.writeString(oldFile, new JsonObject(Files.readString(oldFile))
        .put("finishedAt", Instant.now().minus(31, ChronoUnit.DAYS).toString()).encode());

    server = TestServer.start(dataDir, new JsonObject().put("keepJobs", "30d"));
    assertThat(server.get("/api/jobs/" + old).statusCode()).isEqualTo(404);
    assertThat(server.job(recent).getString("state")).isEqualTo("done");
    TestServer.awaitTrue(() -> !Files.exists(oldFile.getParent()), "the old job's files are deleted");
    server.close();

    server = TestServer.start(dataDir, new JsonObject().put("keepJobs", "2s"));
    TestServer.awaitTrue(() -> !Files.exists(dataDir.resolve("jobs").resolve(recent)),
        "the timer purges the job once it is 2 s old");
  }
}
