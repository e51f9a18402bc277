package dev.bulklaunch.cluster;

import dev.bulklaunch.bench.FreePorts;
import dev.bulklaunch.config.ClusterConfig;
import dev.bulklaunch.config.HostPort;
import dev.bulklaunch.config.LauncherConfig;
import dev.bulklaunch.keys.Keyring;
import dev.bulklaunch.lemlist.ApiKey;
import dev.bulklaunch.resilience.Await;
import dev.bulklaunch.simulator.LemlistSimulator;
import dev.bulklaunch.simulator.SimulatorOptions;
import dev.bulklaunch.web.LaunchServer;
import dev.bulklaunch.web.StreamLimits;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Launch servers that are members of one cluster in this JVM, each its own Hazelcast member on a free loopback port,
 * under a random cluster name, sharing one data directory, in front of one simulator on a Vert.x of its own.
 */
final class ClusterMembers implements AutoCloseable {

  final String name = "test-" + UUID.randomUUID();
  final Vertx simVertx = Vertx.vertx();
  final LemlistSimulator simulator;
  final List<Member> members = new ArrayList<>();
  private static final int MOST = 3;
  /**
   * The default: a kill is seen at once (its connections close), and a shorter timeout only makes a loaded test
   * machine's pauses look like a frozen member's.
   */
  static final Duration HEARTBEAT = Duration.ofSeconds(5);
  private final List<HostPort> listed = new ArrayList<>();
  private final Path dataDir;
  private final String rate;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final class Member {
    final Vertx vertx;
    final LaunchServer server;
    boolean dead;

    Member(Vertx vertx, LaunchServer server) {
      this.vertx = vertx;
      this.server = server;
    }

    String name() {
      return Membership.of(vertx).name();
    }

    HttpResponse<String> get(String path) throws Exception {
      return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path) throws Exception {
      return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws Exception {
      return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).DELETE().build(),
          HttpResponse.BodyHandlers.ofString());
    }

    /** Uploads {@code ids} as text/plain; the new job's id. */
    String launch(String ids) throws Exception {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/jobs")).timeout(Duration.ofSeconds(20))
          .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(ids)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 201) {
        throw new AssertionError("upload answered " + response.statusCode() + ": " + response.body());
      }
      return new JsonObject(response.body()).getString("id");
    }

    JsonObject job(String id) throws Exception {
      return new JsonObject(get("/api/jobs/" + id).body());
    }

    URI uri(String path) {
      return URI.create(server.web().address() + path.substring(1));
    }

    /** As a SIGSTOP shorter than the heartbeat timeout: every event loop blocked for {@code ms}, the cluster's threads not. */
    void standStill(long ms) {
      ((VertxInternal) vertx).nettyEventLoopGroup().forEach(loop -> loop.execute(() -> {
        try {
          Thread.sleep(ms); // the stall under test
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
    }

    /** As a SIGKILL: its cluster instance gone without a goodbye, then its Vert.x (in one JVM it would go on). */
    void kill() throws Exception {
      dead = true;
      ((HazelcastClusterManager) ((VertxInternal) vertx).clusterManager()).getHazelcastInstance()
          .getLifecycleService().terminate();
      vertx.close().otherwiseEmpty().await(30, TimeUnit.SECONDS);
    }
  }

  /**
   * @param rate the launcher's budget, under the simulator's 100/1s
   */
  ClusterMembers(Path dataDir, String rate) throws Exception {
    this.dataDir = dataDir;
    this.rate = rate;
    for (int i = 0; i < MOST; i++) {
      listed.add(new HostPort("127.0.0.1", FreePorts.one()));
    }
    this.simulator = LemlistSimulator.start(simVertx, SimulatorOptions.fromJson(new JsonObject().put("rate", "100/1s")
        .put("latency", new JsonObject().put("dist", "fixed").put("ms", 20)))).await(30, TimeUnit.SECONDS);
  }

  /** Starts the next {@code count} members. */
  List<Member> start(int count) throws Exception {
    List<Member> started = new ArrayList<>();
    for (HostPort port : listed.subList(members.size(), members.size() + count)) {
      ClusterConfig cluster = new ClusterConfig(true, name, "127.0.0.1", port.port(), listed, 0, HEARTBEAT);
      Vertx vertx = ClusteredVertx.start(new VertxOptions(), cluster).await(60, TimeUnit.SECONDS);
      LauncherConfig config = LauncherConfig.from(new JsonObject().put("rate", rate).put("maxInFlight", 10)
          .put("retries", 2).put("timeout", "5s")
          .put("server", new JsonObject().put("host", "127.0.0.1").put("port", 0).put("dataDir", dataDir.toString()))
          .put("cluster", new JsonObject().put("enabled", true).put("name", name)
              .put("heartbeatTimeout", HEARTBEAT.toSeconds() + "s")));
      LaunchServer server = LaunchServer.start(vertx, config, Keyring.single(ApiKey.of("test-key")),
          simulator.baseUrl(), StreamLimits.DEFAULT).await(30, TimeUnit.SECONDS);
      Member member = new Member(vertx, server);
      members.add(member);
      started.add(member);
    }
    return started;
  }


  /** Polls {@code condition} every 20 ms: most ask a member over HTTP or read a results file. */
  static void await(Duration within, String what, BooleanSupplier condition) throws InterruptedException {
    Await.until(within, Duration.ofMillis(20), what, condition);
  }

  @Override
  public void close() throws Exception {
    for (Member member : members) {
      if (!member.dead) {
        member.server.close().otherwiseEmpty().await(30, TimeUnit.SECONDS);
        member.vertx.close().otherwiseEmpty().await(30, TimeUnit.SECONDS);
      }
    }
    simVertx.close().await(30, TimeUnit.SECONDS);
  }
}
