package dev.bulklaunch.web;

import dev.bulklaunch.config.LauncherConfig;
import dev.bulklaunch.keys.Keyring;
import dev.bulklaunch.keys.KeyringLoader;
import dev.bulklaunch.lemlist.ApiKey;
import dev.bulklaunch.simulator.LemlistSimulator;
import dev.bulklaunch.simulator.SimulatorOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A simulator limited to {@code rate} and a launch server in front of it, on free ports, with blocking helpers. */
public final class TestServer implements AutoCloseable {

  /** The simulator's limit, and the launcher's budget a little under it: arrival jitter on a busy machine stays inside. */
  static final String SIM_RATE = "100/1s";
  static final String RATE = "90/1s";

  final Vertx vertx;
  private final Vertx simVertx;
  final LemlistSimulator simulator;
  final LaunchServer server;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final String token;

  private TestServer(Vertx vertx, Vertx simVertx, LemlistSimulator simulator, LaunchServer server, String token) {
    this.vertx = vertx;
    this.simVertx = simVertx;
    this.simulator = simulator;
    this.server = server;
    this.token = token;
  }

  static TestServer start(Path dataDir) throws Exception {
    return start(dataDir, new JsonObject());
  }

  /** @param server extra {@code server.*} settings (token, maxUploadBytes) */
  static TestServer start(Path dataDir, JsonObject server) throws Exception {
    return start(Vertx.vertx(), dataDir, server, StreamLimits.DEFAULT);
  }

  static TestServer start(Vertx vertx, Path dataDir, JsonObject server, StreamLimits limits) throws Exception {
    return start(vertx, dataDir, server, limits, RATE);
  }

  static TestServer start(Vertx vertx, Path dataDir, JsonObject server, StreamLimits limits, String rate) throws Exception {
    return start(vertx, vertx, dataDir, server, limits, rate, new JsonObject().put("rate", SIM_RATE)
        .put("latency", new JsonObject().put("dist", "fixed").put("ms", 5)));
  }

  /**
   * A simulator with these options (see {@link SimulatorOptions#fromJson}) on a Vert.x of its own, as lemlist is
   * another machine: its event loops are not the launcher's.
   */
  static TestServer start(Path dataDir, String rate, JsonObject sim) throws Exception {
    return start(Vertx.vertx(), Vertx.vertx(), dataDir, new JsonObject(), StreamLimits.DEFAULT, rate, sim);
  }

  /**
   * A server with a keyring: {@code keys} maps each key's name to its value, and the simulator takes each of those
   * values with a limit of its own. {@code server}: extra {@code server.*} settings (tokens); {@code bearer}: the
   * token the helpers here send.
   */
  static TestServer startWithKeys(Path dataDir, JsonObject server, java.util.Map<String, String> keys, String bearer)
      throws Exception {
    Vertx vertx = Vertx.vertx();
    LemlistSimulator simulator = await(LemlistSimulator.start(vertx, SimulatorOptions.fromJson(new JsonObject()
        .put("rate", SIM_RATE).put("apiKeys", new JsonArray(new java.util.ArrayList<>(keys.values())))
        .put("latency", new JsonObject().put("dist", "fixed").put("ms", 5)))));
    StringBuilder list = new StringBuilder();
    keys.forEach((name, key) -> list.append(list.length() == 0 ? "" : ",").append(name).append('=').append(key));
    JsonObject serverJson = new JsonObject().put("host", "127.0.0.1").put("port", 0).put("dataDir", dataDir.toString())
        .mergeIn(server);
    LauncherConfig config = LauncherConfig.from(new JsonObject().put("rate", RATE).put("maxInFlight", 10)
        .put("retries", 2).put("timeout", "5s").put("apiKeys", list.toString()).put("server", serverJson));
    LaunchServer launchServer = await(LaunchServer.start(vertx, config,
        dev.bulklaunch.keys.KeyringLoader.load(config, name -> null), simulator.baseUrl(), StreamLimits.DEFAULT));
    return new TestServer(vertx, vertx, simulator, launchServer, bearer);
  }

  /** A server whose keyring is {@code apiKeys} ({@code name=KEY,...}) alone: no key named default unless listed. */
  static TestServer startWithKeys(Path dataDir, String apiKeys) throws Exception {
    return start(Vertx.vertx(), Vertx.vertx(), dataDir, new JsonObject(), StreamLimits.DEFAULT, RATE,
        new JsonObject().put("rate", SIM_RATE).put("latency", new JsonObject().put("dist", "fixed").put("ms", 5)),
        apiKeys);
  }

  private static TestServer start(Vertx vertx, Vertx simVertx, Path dataDir, JsonObject server, StreamLimits limits,
                                  String rate, JsonObject sim) throws Exception {
    return start(vertx, simVertx, dataDir, server, limits, rate, sim, null);
  }

  /** @param apiKeys null: one key, test-key, named default */
  private static TestServer start(Vertx vertx, Vertx simVertx, Path dataDir, JsonObject server, StreamLimits limits,
                                  String rate, JsonObject sim, String apiKeys) throws Exception {
    LemlistSimulator simulator = await(LemlistSimulator.start(simVertx, SimulatorOptions.fromJson(sim)));
    JsonObject serverJson = new JsonObject().put("host", "127.0.0.1").put("port", 0).put("dataDir", dataDir.toString())
        .mergeIn(server);
    JsonObject configJson = new JsonObject().put("rate", rate).put("maxInFlight", 10)
        .put("retries", 2).put("timeout", "5s").put("server", serverJson);
    LauncherConfig config = LauncherConfig.from(apiKeys == null ? configJson : configJson.put("apiKeys", apiKeys));
    Keyring keyring = apiKeys == null ? Keyring.single(ApiKey.of("test-key")) : KeyringLoader.load(config, name -> null);
    LaunchServer launchServer = await(LaunchServer.start(vertx, config, keyring, simulator.baseUrl(), limits));
    return new TestServer(vertx, simVertx, simulator, launchServer, config.server().token());
  }

  String url(String path) {
    return server.web().address() + path.substring(1);
  }

  HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20));
    return token == null ? builder : builder.header("Authorization", "Bearer " + token);
  }

  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(request(path).GET().build());
  }

  HttpResponse<String> post(String path) throws IOException, InterruptedException {
    return send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  HttpResponse<String> upload(String path, String contentType, String body) throws IOException, InterruptedException {
    return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  /** Uploads {@code ids} as text/plain and returns the new job's id. */
  String launch(String ids) throws Exception {
    HttpResponse<String> response = upload("/api/jobs", "text/plain", ids);
    if (response.statusCode() != 201) {
      throw new AssertionError("upload answered " + response.statusCode() + ": " + response.body());
    }
    return new JsonObject(response.body()).getString("id");
  }

  JsonObject job(String id) throws Exception {
    return new JsonObject(get("/api/jobs/" + id).body());
  }

  JsonObject awaitState(String id, String state) throws Exception {
    try {
      awaitTrue(() -> {
        try {
          return job(id).getString("state").equals(state);
        } catch (Exception e) {
          return false;
        }
      }, "job " + id + " to be " + state);
    } catch (AssertionError timedOut) {
      throw new AssertionError(timedOut.getMessage() + "; it is " + job(id).encode(), timedOut);
    }
    return job(id);
  }

  public static String ids(String prefix, int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= count; i++) {
      text.append("lea_").append(prefix).append(i).append('\n');
    }
    return text.toString();
  }

  public static JsonArray lines(String ndjson) {
    JsonArray all = new JsonArray();
    ndjson.lines().filter(l -> !l.isBlank()).forEach(l -> all.add(new JsonObject(l)));
    return all;
  }

  /** Polls {@code condition} every 20 ms for up to 20 s. */
  static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  @Override
  public void close() throws Exception {
    await(server.close());
    await(vertx.close());
    if (simVertx != vertx) {
      await(simVertx.close());
    }
  }
}
