package dev.bulklaunch.cluster;

import dev.bulklaunch.config.ClusterConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Starts a Vert.x instance that is a member of the launcher cluster named in the configuration. */
public final class ClusteredVertx {

  private ClusteredVertx() {
  }

  public static Future<Vertx> start(VertxOptions options, ClusterConfig cluster) {
    int memberPort = cluster.port() == 0 ? freePort(cluster.host()) : cluster.port();
    HazelcastClusterManager manager = new HazelcastClusterManager(HazelcastSettings.of(cluster, memberPort));
    options.getEventBusOptions().setHost(cluster.host()).setPort(cluster.eventBusPort());
    return Vertx.builder().with(options).withClusterManager(manager).buildClustered();
  }

  private static int freePort(String host) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for the cluster member on " + host, e);
    }
  }
}
