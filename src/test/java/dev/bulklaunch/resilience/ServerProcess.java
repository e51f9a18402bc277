package dev.bulklaunch.resilience;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code scripts/launch serve} as a real process (via {@link LauncherProcess}), so it can be SIGKILLed, on a free
 * port, with its jobs under {@code dataDir}; blocking HTTP helpers for its API.
 */
final class ServerProcess {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final LauncherProcess process;
  final int port;

  private ServerProcess(LauncherProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts a server on {@code dataDir} against {@code sim} and waits until {@code /health} answers. */
  static ServerProcess start(Path dir, String name, SimulatorProbe sim, Path dataDir, String... extra)
      throws IOException, InterruptedException {
    ServerProcess server = launch(dir, name, sim, dataDir, extra);
    Await.until(Duration.ofSeconds(60), "the server " + name + " answers /health", () -> {
      if (!server.process.isAlive()) {
        throw new AssertionError("the server " + name + " exited: " + server.process.stderr());
      }
      try {
        return server.get("/health").statusCode() == 200;
      } catch (IOException e) {
        return false;
      }
    });
    return server;
  }

  /** Starts a server like {@link #start} without waiting for it: for a server that should refuse to start. */
  static ServerProcess launch(Path dir, String name, SimulatorProbe sim, Path dataDir, String... extra)
      throws IOException {
    Path config = Files.writeString(dir.resolve(name + "-config.json"),
        new JsonObject().put("server", new JsonObject().put("dataDir", dataDir.toString())).encode());
    Path keyFile = Files.writeString(dir.resolve(name + "-key"), SimulatorProbe.KEY + "\n");
    Path stdin = Files.writeString(dir.resolve(name + "-stdin"), "");
    int port = freePort();
    List<String> args = new ArrayList<>(List.of("serve", "--config", config.toString(), "--port", String.valueOf(port),
        "--base-url", sim.baseUrl(), "--api-key-file", keyFile.toString(), "--rate", "100/1s",
        "--max-in-flight", "10", "--timeout", "5s"));
    args.addAll(List.of(extra));
    return new ServerProcess(LauncherProcess.start(dir, name, stdin, args), port);
  }

  static int freePort() throws IOException {
    return dev.bulklaunch.bench.FreePorts.one();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  HttpResponse<String> get(String path) throws IOException {
    return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).GET().build());
  }

  HttpResponse<String> post(String path) throws IOException {
    return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  HttpResponse<String> upload(String contentType, byte[] body) throws IOException {
    return send(HttpRequest.newBuilder(uri("/api/jobs")).timeout(Duration.ofSeconds(60))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  JsonObject job(String id) throws IOException {
    HttpResponse<String> response = get("/api/jobs/" + id);
    if (response.statusCode() != 200) {
      throw new AssertionError("GET /api/jobs/" + id + " answered " + response.statusCode() + ": " + response.body());
    }
    return new JsonObject(response.body());
  }

  String state(String id) {
    try {
      return job(id).getString("state");
    } catch (IOException e) {
      return "unreachable";
    }
  }

  private static HttpResponse<String> send(HttpRequest request) throws IOException {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  void kill() throws InterruptedException {
    process.kill();
  }
}
