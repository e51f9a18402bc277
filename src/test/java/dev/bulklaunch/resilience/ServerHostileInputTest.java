package dev.bulklaunch.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulklaunch.config.LauncherConfig;
import dev.bulklaunch.lemlist.ApiKey;
import dev.bulklaunch.web.LaunchServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile uploads to an in-process server: each is answered with a JSON error or INVALID_LEAD_ID result lines, the
 * server stays healthy (a normal upload right after works), and nothing invalid or cut reaches the simulator.
 */
class ServerHostileInputTest {

  private static final String INVALID = "INVALID_LEAD_ID";

  @TempDir
  Path tmp;
  private SimulatorProbe sim;
  private Vertx vertx;
  private LaunchServer server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private int normalUploads;

  @BeforeEach
  void start() throws Exception {
    sim = SimulatorProbe.start(new JsonObject().put("rate", "100/1s")
        .put("latency", new JsonObject().put("dist", "fixed").put("ms", 5)));
    vertx = Vertx.vertx();
    LauncherConfig config = LauncherConfig.from(new JsonObject().put("rate", "90/1s").put("maxInFlight", 10)
        .put("retries", 2).put("timeout", "5s").put("server", new JsonObject().put("host", "127.0.0.1")
            .put("port", 0).put("dataDir", tmp.resolve("data").toString())));
    server = LaunchServer.start(vertx, config, ApiKey.of(SimulatorProbe.KEY), sim.baseUrl())
        .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    sim.close();
  }

  @Test
  void invalidUtf8NulBytesAndABinaryBlobAreInvalidLeadIdLines() throws Exception {
    byte[] mixed = concat("lea_ok1\n".getBytes(StandardCharsets.US_ASCII),
        new byte[] {'l', 'e', 'a', '_', (byte) 0xC3, (byte) 0x28, '\n', (byte) 0xFF, (byte) 0xFE, 'x', '\n'},
        "lea_n\0ul\nlea_\0\n".getBytes(StandardCharsets.US_ASCII));
    // Invalid lines are answered at once while a valid one waits for its permit: read them in line order.
    List<JsonObject> results = finishedJob(mixed).stream()
        .sorted(java.util.Comparator.comparingLong(r -> r.getLong("line"))).toList();
    assertThat(results).hasSize(5);
    assertThat(results.get(0).getString("leadId")).isEqualTo("lea_ok1");
    assertThat(results.get(0).getString("status")).isEqualTo("launched");
    assertThat(results.subList(1, 3)).allSatisfy(r -> {
      assertThat(r.getString("code")).isEqualTo(INVALID);
      assertThat(r.getString("message")).contains("UTF-8");
    });
    assertThat(results.subList(3, 5)).allSatisfy(r -> {
      assertThat(r.getString("code")).isEqualTo(INVALID);
      assertThat(r.getString("message")).contains("NUL");
    });

    byte[] blob = new byte[200 * 1024];
    new Random(42).nextBytes(blob);
    HttpResponse<String> answer = upload("text/plain", blob);
    int blobResults = 0;
    if (answer.statusCode() == 201) {
      List<JsonObject> blobLines = awaitResults(new JsonObject(answer.body()).getString("id"));
      blobResults = blobLines.size();
      assertThat(blobLines).isNotEmpty().allSatisfy(r -> {
        assertThat(r.getString("status")).isEqualTo("failed");
        assertThat(r.getString("code")).isEqualTo(INVALID);
      });
    } else {
      assertJsonError(answer, 400);
    }
    System.out.printf("hostile input: 200 KB random blob answered %d with %d INVALID_LEAD_ID lines%n",
        answer.statusCode(), blobResults);
    assertHealthyAndOnlyValidLeadsSent(1, "lea_n", "lea_");
  }

  @Test
  void aFiveMegabyteLineIsReportedAsOneInvalidLeadIdLine() throws Exception {
    byte[] line = new byte[5 * 1024 * 1024 + 1];
    Arrays.fill(line, (byte) 'a');
    System.arraycopy("lea_".getBytes(StandardCharsets.US_ASCII), 0, line, 0, 4);
    line[line.length - 1] = '\n';
    byte[] body = concat(line, "lea_after1\n".getBytes(StandardCharsets.US_ASCII));
    HttpResponse<String> answer = upload("text/plain", body);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    String id = new JsonObject(answer.body()).getString("id");
    List<JsonObject> results = awaitResults(id).stream()
        .sorted(java.util.Comparator.comparingLong(r -> r.getLong("line"))).toList();
    String raw = get("/api/jobs/" + id + "/results").body();
    assertThat(results).hasSize(2);
    assertThat(results.get(0).getString("code")).isEqualTo(INVALID);
    assertThat(results.get(0).getLong("line")).isEqualTo(1);
    assertThat(results.get(0).getString("message")).contains("longer than");
    assertThat(results.get(1).getString("leadId")).isEqualTo("lea_after1");
    assertThat(results.get(1).getLong("line")).isEqualTo(2);
    assertThat(results.get(1).getString("status")).isEqualTo("launched");
    assertThat(raw.length()).as("the 5 MB line is not echoed back in its result").isLessThan(10_000);
    assertHealthyAndOnlyValidLeadsSent(1);
  }

  @Test
  void pathLikeIdsAreInvalidAndNeverLeaveTheServer() throws Exception {
    String body = "lea_../x\n../../campaigns\nlea_a/b\nlea_%2e%2e%2fx\nlea_ok2\n/api/leads/review/lea_x\n";
    List<JsonObject> results = finishedJob(body.getBytes(StandardCharsets.US_ASCII));
    assertThat(results).hasSize(6);
    assertThat(results.stream().filter(r -> INVALID.equals(r.getString("code")))).hasSize(5);
    assertThat(results.stream().filter(r -> "launched".equals(r.getString("status"))).map(r -> r.getString("leadId")))
        .containsExactly("lea_ok2");
    try (var entries = Files.walk(tmp)) {
      assertThat(entries.map(p -> tmp.relativize(p).toString()))
          .as("nothing named after an ID is created").noneMatch(p -> p.contains("campaigns") || p.endsWith("x"));
    }
    assertHealthyAndOnlyValidLeadsSent(1, "lea_x");
  }

  @Test
  void aMillionBlankLinesAreAnEmptyListAndDoNotHideALastLead() throws Exception {
    byte[] blank = new byte[1_000_000];
    Arrays.fill(blank, (byte) '\n');
    HttpResponse<String> empty = upload("text/plain", blank);
    assertJsonError(empty, 400);
    assertThat(new JsonObject(empty.body()).getString("error")).isEqualTo("EMPTY_LEAD_LIST");

    List<JsonObject> results = finishedJob(concat(blank, "lea_last1\n".getBytes(StandardCharsets.US_ASCII)));
    assertThat(results).hasSize(1);
    assertThat(results.get(0).getString("leadId")).isEqualTo("lea_last1");
    assertThat(results.get(0).getLong("line")).isEqualTo(1_000_001);
    assertThat(results.get(0).getString("status")).isEqualTo("launched");
    assertHealthyAndOnlyValidLeadsSent(1);
  }

  @Test
  void anUploadTheClientAbandonsMidIdEndsTheJobAndNeverSendsTheCutLine() throws Exception {
    byte[] sent = "lea_h1\nlea_h2\nlea_abc".getBytes(StandardCharsets.US_ASCII); // of "lea_abcdef\n..."
    try (Socket socket = new Socket("127.0.0.1", server.web().port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/jobs?name=halfway HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
          + "Content-Length: 2000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(sent);
      out.flush();
      Await.until(Duration.ofSeconds(20), "the two complete lines are launched", () -> sim.stat("launches") >= 2);
    }
    String id = jobNamed("halfway").getString("id");
    Await.until(Duration.ofSeconds(20), "the abandoned upload's job ends", () -> !isActive(job(id)));
    JsonObject ended = job(id);
    System.out.printf("hostile input: upload abandoned mid-ID -> job %s (%s)%n", ended.getString("state"),
        ended.getString("message"));
    assertThat(ended.getString("state")).isIn("cancelled", "aborted");
    assertThat(ended.getString("message")).contains("upload");
    assertThat(ended.getJsonObject("upload").getBoolean("complete")).isFalse();
    List<JsonObject> results = lines(get("/api/jobs/" + id + "/results").body());
    assertThat(results.stream().map(r -> r.getString("leadId"))).doesNotContain("lea_abc");
    assertHealthyAndOnlyValidLeadsSent(2, "lea_abc", "lea_abcdef");
  }

  /** /health is up, a normal upload right after works, and the simulator saw only valid leads. */
  private void assertHealthyAndOnlyValidLeadsSent(int validBefore, String... neverSent) throws Exception {
    HttpResponse<String> health = get("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(health.body()).getString("status")).isEqualTo("up");
    List<String> normal = Workbench.leadIds("normal" + (++normalUploads) + "x", 5);
    List<JsonObject> results = finishedJob(normal.stream().collect(Collectors.joining("\n", "", "\n"))
        .getBytes(StandardCharsets.US_ASCII));
    assertThat(results).extracting(r -> r.getString("status")).containsOnly("launched");
    assertThat(results).extracting(r -> r.getString("leadId")).containsExactlyInAnyOrderElementsOf(normal);

    JsonObject stats = sim.stats();
    assertThat(stats.getLong("launches")).as("launches at the simulator: %s", stats).isEqualTo(validBefore + 5L);
    assertThat(stats.getLong("requests")).as("every request was a launch (or a 429): %s", stats)
        .isEqualTo(stats.getLong("launches") + stats.getLong("rateLimited"));
    for (String lead : neverSent) {
      assertThat(sim.lead(lead).getLong("attempts")).as(lead).isZero();
    }
  }

  private List<JsonObject> finishedJob(byte[] body) throws Exception {
    HttpResponse<String> answer = upload("text/plain", body);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    return awaitResults(new JsonObject(answer.body()).getString("id"));
  }

  private List<JsonObject> awaitResults(String id) throws Exception {
    Await.until(Duration.ofSeconds(20), "job " + id + " is done", () -> "done".equals(job(id).getString("state")));
    HttpResponse<String> results = get("/api/jobs/" + id + "/results");
    assertThat(results.statusCode()).isEqualTo(200);
    return lines(results.body());
  }

  private static List<JsonObject> lines(String ndjson) {
    return ndjson.lines().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
  }

  private JsonObject jobNamed(String name) throws Exception {
    return new JsonObject(get("/api/jobs").body()).getJsonArray("jobs").stream().map(JsonObject.class::cast)
        .filter(j -> name.equals(j.getString("name"))).findFirst()
        .orElseThrow(() -> new AssertionError("no job named " + name));
  }

  private JsonObject job(String id) {
    try {
      return new JsonObject(get("/api/jobs/" + id).body());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static boolean isActive(JsonObject job) {
    return "running".equals(job.getString("state")) || "paused".equals(job.getString("state"));
  }

  private static void assertJsonError(HttpResponse<String> answer, int status) {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    JsonObject error = new JsonObject(answer.body());
    assertThat(error.getString("error")).isNotBlank();
    assertThat(error.getString("message")).isNotBlank();
  }

  private HttpResponse<String> upload(String type, byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(uri("/api/jobs")).timeout(Duration.ofSeconds(60))
        .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.web().port() + path);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      all.writeBytes(part);
    }
    return all.toByteArray();
  }
}
