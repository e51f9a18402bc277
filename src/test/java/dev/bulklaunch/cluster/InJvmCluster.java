package dev.bulklaunch.cluster;

import dev.bulklaunch.bench.FreePorts;
import dev.bulklaunch.config.ClusterConfig;
import dev.bulklaunch.config.HostPort;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Bare clustered Vert.x instances in this JVM, each its own Hazelcast member on a free loopback port. */
final class InJvmCluster {

  private InJvmCluster() {
  }

  /**
   * Starts {@code size} members of one new cluster (heartbeat timeout 3 s), each also added to {@code members} as it
   * starts, for the caller to close.
   */
  static List<Vertx> start(int size, List<Vertx> members) throws Exception {
    String name = "test-" + UUID.randomUUID();
    List<HostPort> listed = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      listed.add(new HostPort("127.0.0.1", FreePorts.one()));
    }
    List<Vertx> started = new ArrayList<>();
    for (HostPort port : listed) {
      Vertx vertx = ClusteredVertx.start(new VertxOptions(),
          new ClusterConfig(true, name, "127.0.0.1", port.port(), listed, 0, Duration.ofSeconds(3)))
          .await(60, TimeUnit.SECONDS);
      members.add(vertx);
      started.add(vertx);
    }
    return started;
  }
}
