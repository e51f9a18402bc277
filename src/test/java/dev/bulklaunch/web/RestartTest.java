package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

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
}
