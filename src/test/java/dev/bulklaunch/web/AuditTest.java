package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who did what: every job created, paused, resumed or cancelled is a line of {@code dataDir/audit.ndjson} naming the
 * token (never its value), and the job says who started it, across a restart too.
 */
class AuditTest extends ServerFixture {

  private static final String OPS_TOKEN = "ops-TOKEN-SECRET-55aa01";

  @TempDir
  Path secrets;

  private List<JsonObject> audit() throws Exception {
    Path file = dataDir.resolve("audit.ndjson");
    if (!Files.exists(file)) {
      return List.of();
    }
    return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
  }

  @Test
  void eachChangeIsAuditedWithTheTokensNameAndTheJobSaysWhoStartedIt() throws Exception {
    Path tokenFile = secrets.resolve("ops");
    Files.writeString(tokenFile, OPS_TOKEN);
    Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
    JsonObject tokens = new JsonObject().put("acme-ops", new JsonObject().put("tokenFile", tokenFile.toString())
        .put("keys", new JsonArray().add("acme")));
    server = TestServer.startWithKeys(dataDir, new JsonObject().put("tokens", tokens), Map.of("acme", "acme-KEY-SECRET-1"),
        OPS_TOKEN);

    String id = new JsonObject(server.upload("/api/jobs?key=acme", "text/plain", TestServer.ids("aud", 400)).body())
        .getString("id");
    assertThat(server.post("/api/jobs/" + id + "/pause").statusCode()).isEqualTo(200);
    assertThat(server.post("/api/jobs/" + id + "/resume").statusCode()).isEqualTo(200);
    assertThat(server.send(server.request("/api/jobs/" + id).DELETE().build()).statusCode()).isEqualTo(200);
    server.awaitState(id, "cancelled");
    TestServer.awaitTrue(() -> {
      try {
        return audit().size() == 4;
      } catch (Exception e) {
        return false;
      }
    }, "four audit lines");

    List<JsonObject> lines = audit();
    assertThat(lines.stream().map(l -> l.getString("action"))).containsExactly("created", "paused", "resumed", "cancelled");
    assertThat(lines).allSatisfy(line -> {
      assertThat(line.getString("by")).isEqualTo("acme-ops");
      assertThat(line.getString("job")).isEqualTo(id);
      assertThat(line.getString("key")).isEqualTo("acme");
      assertThat(line.getLong("leads")).isEqualTo(400);
      assertThat(line.getString("at")).isNotBlank();
    });
    assertThat(server.job(id).getString("startedBy")).isEqualTo("acme-ops");
    TestServer.awaitTrue(() -> {
      try {
        return new JsonObject(Files.readString(dataDir.resolve("jobs").resolve(id).resolve("job.json")))
            .getString("state").equals("cancelled");
      } catch (Exception e) {
        return false;
      }
    }, "job.json to be saved");
    assertThat(new JsonObject(Files.readString(dataDir.resolve("jobs").resolve(id).resolve("job.json")))
        .getString("startedBy")).isEqualTo("acme-ops");

    server.close();
    server = TestServer.startWithKeys(dataDir, new JsonObject().put("tokens", tokens), Map.of("acme", "acme-KEY-SECRET-1"),
        OPS_TOKEN);
    assertThat(server.job(id).getString("startedBy")).isEqualTo("acme-ops");
    SecretScan.assertNoneUnder(dataDir, List.of(OPS_TOKEN, "acme-KEY-SECRET-1"));
  }

  @Test
  void withoutTokensTheChangesAreLocals() throws Exception {
    server = TestServer.start(dataDir);

    String id = server.launch(TestServer.ids("loc", 5));
    server.awaitState(id, "done");
    TestServer.awaitTrue(() -> {
      try {
        return audit().size() == 1;
      } catch (Exception e) {
        return false;
      }
    }, "the audit line");

    assertThat(audit().get(0).getString("by")).isEqualTo("local");
    assertThat(audit().get(0).getString("action")).isEqualTo("created");
    assertThat(server.job(id).getString("startedBy")).isEqualTo("local");
  }
}
