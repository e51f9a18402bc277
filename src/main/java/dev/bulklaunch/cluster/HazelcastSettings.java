package dev.bulklaunch.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.bulklaunch.config.ClusterConfig;
import dev.bulklaunch.config.HostPort;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;

/**
 * The Hazelcast configuration of a launcher member: the Vert.x module's own structures, TCP-IP join on the listed
 * members only (never multicast), nothing that calls out, and failure detection in seconds rather than a minute.
 */
final class HazelcastSettings {

  private HazelcastSettings() {
  }

  /**
   * How long a member that stalled past the heartbeat timeout may be outside the cluster, alone in a split of its
   * own, before it has merged back: the others' heartbeat timeout, then Hazelcast's merge runs (below: the first
   * after the larger of 5 s and that timeout, the next as long after); two of those leave time for one retry.
   */
  static long settleAfterStallMs(java.time.Duration heartbeatTimeout) {
    return heartbeatTimeout.toMillis() + 2 * mergeEverySeconds(heartbeatTimeout) * 1_000;
  }

  private static long mergeEverySeconds(java.time.Duration heartbeatTimeout) {
    return Math.max(5, heartbeatTimeout.toSeconds());
  }

  static Config of(ClusterConfig cluster, int memberPort) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    // Joining waited 5 s for absent members and then more for the first master election: a run that joins before
    // its first request cannot afford it. Members listed but not there yet are simply absent.
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.socket.connect.timeout.seconds", "1");
    long heartbeat = cluster.heartbeatTimeout().toSeconds();
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(heartbeat));
    config.setProperty("hazelcast.heartbeat.failuredetector.type", "deadline");
    config.setProperty("hazelcast.merge.first.run.delay.seconds", String.valueOf(mergeEverySeconds(cluster.heartbeatTimeout())));
    config.setProperty("hazelcast.merge.next.run.delay.seconds", String.valueOf(mergeEverySeconds(cluster.heartbeatTimeout())));
    config.setProperty("hazelcast.local.localAddress", cluster.host());
    config.getMemberAttributeConfig().setAttribute(Membership.SINCE, java.time.Instant.now().toString());

    NetworkConfig network = config.getNetworkConfig();
    network.setPort(memberPort).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface(cluster.host());
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(1);
    for (HostPort member : cluster.members()) {
      join.getTcpIpConfig().addMember(member.host() + ":" + member.port());
    }
    join.getTcpIpConfig().addMember(cluster.host() + ":" + memberPort);
    return config;
  }
}
