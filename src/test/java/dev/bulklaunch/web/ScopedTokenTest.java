package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulklaunch.simulator.KeyLabel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server.tokens}: a token for one team's key sees and drives only that key's jobs, through every route,
 * SSE included; another key's job does not exist for it, another key's name is refused without being confirmed, and
 * no token or key value is written anywhere.
 */
class ScopedTokenTest extends ServerFixture {

  private static final Map<String, String> KEYS = new LinkedHashMap<>();
  private static final String ACME_TOKEN = "acme-TOKEN-SECRET-7d01e2";
  private static final String ADMIN_TOKEN = "admin-TOKEN-SECRET-93ab4c";

  static {
    KEYS.put("acme", "acme-KEY-SECRET-5f1b");
    KEYS.put("beta", "beta-KEY-SECRET-9c2d");
  }

  @TempDir
  Path secrets;
  private LogCapture logs;
  private final List<String> answers = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    logs = new LogCapture();
    JsonObject tokens = new JsonObject()
        .put("acme-ops", new JsonObject().put("tokenFile", secretFile("acme", ACME_TOKEN)).put("keys", new JsonArray().add("acme").add("gone")))
        .put("admin", new JsonObject().put("tokenFile", secretFile("admin", ADMIN_TOKEN)).put("keys", "*"));
    server = TestServer.startWithKeys(dataDir, new JsonObject().put("tokens", tokens), KEYS, ADMIN_TOKEN);
  }

  @AfterEach
  void nothingSecretWasWrittenOrAnswered() throws Exception {
    logs.close();
    List<String> all = new ArrayList<>(KEYS.values());
    all.add(ACME_TOKEN);
    all.add(ADMIN_TOKEN);
    SecretScan.assertNoneUnder(dataDir, all);
    SecretScan.assertNoneIn(logs.lines(), all, "log lines");
    SecretScan.assertNoneIn(answers, all, "answers");
  }

  private String secretFile(String name, String value) throws Exception {
    Path file = secrets.resolve(name);
    Files.writeString(file, value + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file.toString();
  }

  private HttpResponse<String> send(String token, String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url(path)))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "text/plain");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = server.send(request.build());
    answers.add(response.body());
    return response;
  }

  private String create(String token, String key, int leads) throws Exception {
    HttpResponse<String> created = send(token, "POST", "/api/jobs?key=" + key, TestServer.ids(key + "x", leads));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return new JsonObject(created.body()).getString("id");
  }

  private long requestsWith(String key) {
    JsonObject seen = server.simulator.stats().getJsonObject("byKey").getJsonObject(KeyLabel.of(KEYS.get(key)));
    return seen == null ? 0 : seen.getLong("requests");
  }

  private static String error(HttpResponse<String> response) {
    return new JsonObject(response.body()).getString("error");
  }

  @Test
  void withTokensEveryApiRequestNeedsOneEvenOnLoopback() throws Exception {
    for (String path : List.of("/api/jobs", "/api/keys", "/api/events", "/api/campaigns?key=acme", "/metrics")) {
      HttpResponse<String> anonymous = send(null, "GET", path, null);
      assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
      assertThat(send("not-a-token-of-this-server", "GET", path, null).statusCode()).as(path).isEqualTo(401);
    }
    assertThat(send(null, "POST", "/api/jobs?key=acme", "lea_anon1\n").statusCode()).isEqualTo(401);
    assertThat(send(null, "GET", "/health", null).statusCode()).isEqualTo(200);
    assertThat(server.simulator.stats().getLong("requests")).isZero();
  }

  @Test
  void aScopedTokenSeesAndDrivesOnlyItsKeysJobs() throws Exception {
    String betaJob = create(ADMIN_TOKEN, "beta", 300);
    String acmeJob = create(ACME_TOKEN, "acme", 20);
    server.awaitState(acmeJob, "done");

    JsonArray listed = new JsonObject(send(ACME_TOKEN, "GET", "/api/jobs", null).body()).getJsonArray("jobs");
    assertThat(listed.stream().map(j -> ((JsonObject) j).getString("id"))).containsExactly(acmeJob);
    assertThat(new JsonObject(send(ADMIN_TOKEN, "GET", "/api/jobs", null).body()).getJsonArray("jobs")).hasSize(2);
    for (String path : List.of("", "/results", "/results.csv", "/events")) {
      HttpResponse<String> other = send(ACME_TOKEN, "GET", "/api/jobs/" + betaJob + path, null);
      assertThat(other.statusCode()).as(path).isEqualTo(404);
      assertThat(error(other)).isEqualTo("JOB_NOT_FOUND");
    }
    assertThat(send(ACME_TOKEN, "POST", "/api/jobs/" + betaJob + "/pause", "").statusCode()).isEqualTo(404);
    assertThat(send(ACME_TOKEN, "DELETE", "/api/jobs/" + betaJob, null).statusCode()).isEqualTo(404);
    assertThat(new JsonObject(send(ADMIN_TOKEN, "GET", "/api/jobs/" + betaJob, null).body()).getString("state"))
        .isIn("running", "done");
    assertThat(send(ACME_TOKEN, "GET", "/api/jobs/" + acmeJob + "/results", null).body().lines()).hasSize(20);

    JsonArray keys = new JsonObject(send(ACME_TOKEN, "GET", "/api/keys", null).body()).getJsonArray("keys");
    assertThat(keys.stream().map(k -> ((JsonObject) k).getString("name"))).containsExactly("acme");
    HttpResponse<String> metrics = send(ACME_TOKEN, "GET", "/metrics", null);
    assertThat(metrics.statusCode()).isEqualTo(403);
    assertThat(metrics.body()).doesNotContain("beta");
    assertThat(send(ADMIN_TOKEN, "GET", "/metrics", null).body()).contains("key=\"beta\"");
    assertThat(send(ACME_TOKEN, "GET", "/api/cluster", null).statusCode()).as("every key's owner: '*' only")
        .isEqualTo(403);
    HttpResponse<String> cluster = send(ADMIN_TOKEN, "GET", "/api/cluster", null);
    assertThat(cluster.statusCode()).as("a server outside a cluster").isEqualTo(404);
    assertThat(new JsonObject(cluster.body()).getString("error")).isEqualTo("NOT_CLUSTERED");
  }

  @Test
  void theAllJobsStreamShowsAScopedTokenOnlyItsKeysJobs() throws Exception {
    String betaJob = create(ADMIN_TOKEN, "beta", 200);
    SseRecorder acme = new SseRecorder(server.http, HttpRequest.newBuilder(URI.create(server.url("/api/events")))
        .header("Authorization", "Bearer " + ACME_TOKEN).build());
    SseRecorder admin = new SseRecorder(server.http, HttpRequest.newBuilder(URI.create(server.url(
        "/api/events?access_token=" + ADMIN_TOKEN))).build());
    String acmeJob = create(ACME_TOKEN, "acme", 10);
    server.awaitState(acmeJob, "done");
    TestServer.awaitTrue(() -> admin.events().stream().anyMatch(e -> e.data().encode().contains(betaJob))
        && acme.ofType("done").stream().anyMatch(e -> e.data().encode().contains(acmeJob)), "both streams to show their jobs");

    assertThat(acme.status).isEqualTo(200);
    assertThat(acme.events()).isNotEmpty().allSatisfy(event -> {
      assertThat(event.data().getString("key")).isEqualTo("acme");
      assertThat(event.data().encode()).doesNotContain(betaJob);
    });
  }

  @Test
  void aKeyOutsideTheTokensListIsRefusedTheSameWhetherItExistsOrNot() throws Exception {
    HttpResponse<String> existing = send(ACME_TOKEN, "POST", "/api/jobs?key=beta", "lea_b1\nlea_b2\n");
    HttpResponse<String> missing = send(ACME_TOKEN, "POST", "/api/jobs?key=zeta", "lea_z1\n");
    HttpResponse<String> pasted = send(ACME_TOKEN, "POST", "/api/jobs?key=" + KEYS.get("beta"), "lea_p1\n");
    HttpResponse<String> defaulted = send(ACME_TOKEN, "POST", "/api/jobs", "lea_d1\n");
    HttpResponse<String> campaigns = send(ACME_TOKEN, "GET", "/api/campaigns?key=beta", null);
    HttpResponse<String> preview = send(ACME_TOKEN, "GET", "/api/campaigns/cam_demo/preview?key=beta", null);
    HttpResponse<String> campaignJob = send(ACME_TOKEN, "POST", "/api/jobs?campaign=cam_demo&key=beta", null);

    for (HttpResponse<String> refused : List.of(existing, missing, pasted, defaulted, campaigns, preview, campaignJob)) {
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
      assertThat(error(refused)).isEqualTo("KEY_NOT_ALLOWED");
      assertThat(refused.body()).doesNotContain("beta").doesNotContain("zeta").doesNotContain("default");
    }
    assertThat(existing.body()).isEqualTo(missing.body());
    assertThat(new JsonObject(send(ADMIN_TOKEN, "GET", "/api/jobs", null).body()).getJsonArray("jobs")).isEmpty();
    assertThat(server.simulator.stats().getLong("requests")).isZero();
  }

  @Test
  void unknownKeyNamesNoOtherKeyToAScopedToken() throws Exception {
    HttpResponse<String> gone = send(ACME_TOKEN, "POST", "/api/jobs?key=gone", "lea_g1\n");
    HttpResponse<String> forAdmin = send(ADMIN_TOKEN, "POST", "/api/jobs?key=gone", "lea_g1\n");

    assertThat(gone.statusCode()).isEqualTo(400);
    assertThat(error(gone)).isEqualTo("UNKNOWN_KEY");
    assertThat(gone.body()).doesNotContain("beta").doesNotContain("acme,");
    assertThat(forAdmin.statusCode()).isEqualTo(400);
    assertThat(forAdmin.body()).contains("beta");
    assertThat(server.simulator.stats().getLong("requests")).isZero();
  }

  @Test
  void campaignsOfItsOwnKeyAreServed() throws Exception {
    HttpResponse<String> campaigns = send(ACME_TOKEN, "GET", "/api/campaigns?key=acme", null);

    assertThat(campaigns.statusCode()).as(campaigns.body()).isEqualTo(200);
    assertThat(requestsWith("acme")).isPositive();
    assertThat(requestsWith("beta")).isZero();
  }
}
