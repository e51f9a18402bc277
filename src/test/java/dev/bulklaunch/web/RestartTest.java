package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bulklaunch.jobs.Jobs;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RestartTest extends ServerFixture {

  @Test
  void aJobCutByARestartIsInterruptedAndResumesWithoutResendingFinishedLeads() throws Exception {
    server = TestServer.start(dataDir);
    String id = server.launch(TestServer.ids("k", 300));
    TestServer.awaitTrue(() -> server.simulator.stats().getLong("launches") >= 100, "a third of the leads");
    server.close();
    long finishedBefore = TestServer.lines(Files.readString(dataDir.resolve("jobs").resolve(id).resolve("results.ndjson")))
        .size();

    server = TestServer.start(dataDir);
    JsonObject restored = server.job(id);
    assertThat(restored.getString("state")).isEqualTo("interrupted");
    assertThat(restored.getJsonObject("upload").getBoolean("complete")).isTrue();

    JsonObject resumed = new JsonObject(server.post("/api/jobs/" + id + "/resume").body());
    assertThat(resumed.getString("state")).isEqualTo("running");
    server.awaitState(id, "done");

    JsonArray results = TestServer.lines(server.get("/api/jobs/" + id + "/results").body());
    Map<String, Long> perLead = results.stream().map(r -> ((JsonObject) r).getString("leadId"))
        .collect(Collectors.groupingBy(l -> l, Collectors.counting()));
    assertThat(perLead).hasSize(300).allSatisfy((lead, n) -> assertThat(n).as(lead).isEqualTo(1));
    assertThat(results.stream().map(r -> ((JsonObject) r).getString("status"))).containsOnly("launched");
    // the new simulator sees only the leads without a result before the restart
    assertThat(server.simulator.stats().getLong("requests")).isEqualTo(300 - finishedBefore);
  }

  @Test
  void aPausedJobStaysPausedAcrossARestartAndResumesOnlyWhenAsked() throws Exception {
    server = TestServer.start(dataDir);
    String id = server.launch(TestServer.ids("p", 300));
    assertThat(server.post("/api/jobs/" + id + "/pause").statusCode()).isEqualTo(200);
    server.awaitState(id, "paused");
    server.close();
    long finishedBefore = TestServer.lines(Files.readString(dataDir.resolve("jobs").resolve(id)
        .resolve("results.ndjson"))).stream().filter(r -> !"failed".equals(((JsonObject) r).getString("status")))
        .count();

    server = TestServer.start(dataDir);
    assertThat(server.job(id).getString("state")).isEqualTo("paused");
    assertThat(server.simulator.stats().getLong("requests")).as("nothing resumes by itself").isZero();
    assertThat(new JsonObject(Files.readString(dataDir.resolve("jobs").resolve(id).resolve("job.json")))
        .getString("state")).isEqualTo("paused");

    JsonObject resumed = new JsonObject(server.post("/api/jobs/" + id + "/resume").body());
    assertThat(resumed.getString("state")).isEqualTo("running");
    server.awaitState(id, "done");
    Map<String, Long> finalPerLead = TestServer.lines(server.get("/api/jobs/" + id + "/results").body()).stream()
        .map(r -> (JsonObject) r).filter(r -> !"failed".equals(r.getString("status")))
        .collect(Collectors.groupingBy(r -> r.getString("leadId"), Collectors.counting()));
    assertThat(finalPerLead).hasSize(300).allSatisfy((lead, n) -> assertThat(n).as(lead).isEqualTo(1));
    assertThat(server.simulator.stats().getLong("launches")).isEqualTo(300 - finishedBefore);
  }

  @Test
  void aCorruptOrUnreadableJobFileIsSkippedWithAWarningNamingItAndTheServerStarts() throws Exception {
    server = TestServer.start(dataDir);
    String good = server.launch(TestServer.ids("g", 5));
    String torn = server.launch(TestServer.ids("t", 5));
    String binary = server.launch(TestServer.ids("b", 5));
    for (String id : new String[] {good, torn, binary}) {
      server.awaitState(id, "done");
    }
    server.close();
    Path tornFile = dataDir.resolve("jobs").resolve(torn).resolve("job.json");
    Files.writeString(tornFile, Files.readString(tornFile).substring(0, 40));
    Path binaryFile = dataDir.resolve("jobs").resolve(binary).resolve("job.json");
    Files.write(binaryFile, new byte[] {(byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3});

    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger jobsLog = (Logger) LoggerFactory.getLogger(Jobs.class);
    jobsLog.addAppender(logs);
    try {
      server = TestServer.start(dataDir);
    } finally {
      jobsLog.detachAppender(logs);
    }

    assertThat(server.job(good).getString("state")).isEqualTo("done");
    assertThat(server.get("/api/jobs/" + torn).statusCode()).isEqualTo(404);
    assertThat(server.get("/api/jobs/" + binary).statusCode()).isEqualTo(404);
    assertThat(logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList())
        .anySatisfy(line -> assertThat(line).contains(tornFile.getParent().toString(), "job.json"))
        .anySatisfy(line -> assertThat(line).contains(binaryFile.getParent().toString(), "job.json"));
  }
}
