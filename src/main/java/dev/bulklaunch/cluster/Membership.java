package dev.bulklaunch.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import java.util.List;
import java.util.function.Consumer;

/** Who this member is, who else is in the cluster, and word when a member leaves (cleanly or dead). */
public final class Membership {

  private final HazelcastClusterManager manager;

  private Membership(HazelcastClusterManager manager) {
    this.manager = manager;
  }

  public static Membership of(Vertx vertx) {
    return new Membership((HazelcastClusterManager) ((VertxInternal) vertx).clusterManager());
  }

  public String self() {
    return manager.getNodeId();
  }

  public List<String> members() {
    return manager.getNodes();
  }

  void onMemberLeft(Consumer<String> action) {
    manager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        action.accept(event.getMember().getUuid().toString());
      }
    });
  }
}
