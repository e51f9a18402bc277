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
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A launcher cluster of real processes for one test: a random {@code cluster.name} (two test runs on one machine
 * never join), free member ports on the loopback, a short heartbeat timeout; its {@code serve --cluster} members and
 * {@code --cluster} command-line runs, all on the simulator's one key.
 */
final class ClusterMember {

  static final int MAX_IN_FLIGHT = 10;
  static final String HEARTBEAT_TIMEOUT = "3s";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final LauncherProcess process;
  final int port;

  private ClusterMember(LauncherProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The cluster's name and member ports (one per server), and where its files go. */
  record Cluster(Path dir, String name, List<Integer> memberPorts, SimulatorProbe sim) {

    static Cluster of(Path dir, int servers, SimulatorProbe sim) throws IOException {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < servers; i++) {
        ports.add(freePort());
      }
      return new Cluster(dir, "test-" + UUID.randomUUID().toString().substring(0, 8), ports, sim);
    }

    String members() {
      return memberPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    /** Server {@code index} of the cluster, its jobs in {@code dataDir}; returns once it answers /health. */
    ClusterMember serve(String name, int index, Path dataDir) throws Exception {
      int port = freePort();
      List<String> args = new ArrayList<>(List.of("serve", "--config", config(name, dataDir).toString(),
          "--port", String.valueOf(port), "--cluster-port", String.valueOf(memberPorts.get(index))));
      args.addAll(common());
      ClusterMember member = new ClusterMember(LauncherProcess.start(dir, name, Files.writeString(dir.resolve(name + "-stdin"), ""),
          args), port);
      Await.until(Duration.ofSeconds(90), name + " answers /health", () -> {
        if (!member.process.isAlive()) {
          throw new AssertionError(name + " exited: " + member.process.stderr());
        }
        return member.healthy();
      });
      return member;
    }

    /** A {@code --cluster} command-line run on {@code leads} (a free member port of its own). */
    LauncherProcess run(String name, List<String> leads) throws IOException {
      Path stdin = Files.writeString(dir.resolve(name + "-stdin"), String.join("\n", leads) + "\n");
      List<String> args = new ArrayList<>(List.of("--config", config(name, null).toString(), "--progress", "never"));
      args.addAll(common());
      return LauncherProcess.start(dir, name, stdin, args);
    }

    private List<String> common() throws IOException {
      Path keyFile = Files.writeString(dir.resolve("key"), SimulatorProbe.KEY + "\n");
      return List.of("--base-url", sim.baseUrl(), "--api-key-file", keyFile.toString(), "--rate", "100/1s",
          "--max-in-flight", String.valueOf(MAX_IN_FLIGHT), "--timeout", "5s", "--cluster", "--cluster-members", members());
    }

    private Path config(String member, Path dataDir) throws IOException {
      JsonObject config = new JsonObject().put("cluster", new JsonObject().put("name", name)
          .put("heartbeatTimeout", HEARTBEAT_TIMEOUT));
      if (dataDir != null) {
        config.put("server", new JsonObject().put("dataDir", dataDir.toString()));
      }
      return Files.writeString(dir.resolve(member + "-config.json"), config.encode());
    }
  }

  boolean owns() {
    return process.stderr().contains("this member owns it now");
  }

  boolean healthy() {
    try {
      return send(HttpRequest.newBuilder(uri("/health")).GET()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  String upload(List<String> leads) throws IOException {
    HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/api/jobs")).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", leads) + "\n")));
    if (created.statusCode() != 201) {
      throw new AssertionError("upload answered " + created.statusCode() + ": " + created.body());
    }
    return new JsonObject(created.body()).getString("id");
  }

  String state(String job) {
    try {
      HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/jobs/" + job)).GET());
      return response.statusCode() == 200 ? new JsonObject(response.body()).getString("state") : "unknown";
    } catch (IOException e) {
      return "unreachable";
    }
  }

  /** The member running the job as this member knows it ({@code member} of its snapshot), null when nobody does. */
  String runner(String job) {
    try {
      HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/jobs/" + job)).GET());
      return response.statusCode() == 200 ? new JsonObject(response.body()).getString("member") : null;
    } catch (IOException e) {
      return null;
    }
  }

  void resume(String job) throws IOException {
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/jobs/" + job + "/resume"))
        .POST(HttpRequest.BodyPublishers.noBody()));
    if (response.statusCode() / 100 != 2) {
      throw new AssertionError("resume answered " + response.statusCode() + ": " + response.body());
    }
  }

  List<String> results(String job) throws IOException {
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/jobs/" + job + "/results")).GET());
    if (response.statusCode() != 200) {
      throw new AssertionError("results answered " + response.statusCode());
    }
    return response.body().lines().filter(line -> !line.isBlank()).toList();
  }

  void stop() throws Exception {
    if (process.isAlive()) {
      process.signal("TERM");
      if (!process.exitsWithin(Duration.ofSeconds(20))) {
        process.kill();
      }
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
    try {
      return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  static int freePort() throws IOException {
    return dev.bulklaunch.bench.FreePorts.one();
  }
}
