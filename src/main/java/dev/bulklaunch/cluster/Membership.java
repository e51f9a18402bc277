package dev.bulklaunch.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.LifecycleEvent;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.function.Consumer;

/** Who this member is, who else is in the cluster, and word when a member leaves (cleanly or dead). */
public final class Membership {

  static final String SINCE = "bulklaunch.since";

  private final HazelcastClusterManager manager;

  private Membership(HazelcastClusterManager manager) {
    this.manager = manager;
  }

  public static Membership of(Vertx vertx) {
    return new Membership((HazelcastClusterManager) ((VertxInternal) vertx).clusterManager());
  }

  /** Cluster-wide locks that only their holder releases. */
  OwnerLocks locks() {
    return new OwnerLocks(manager.getHazelcastInstance().getMap("bulklaunch.owner-locks"));
  }

  /** This member's node id (the event bus's). */
  public String self() {
    return manager.getNodeId();
  }

  /** This member's name: where its cluster member listens, {@code host:port}. */
  public String name() {
    return nameOf(manager.getHazelcastInstance().getCluster().getLocalMember());
  }

  public List<String> members() {
    return manager.getNodes();
  }

  /** Every member now: {@code name}, {@code id}, {@code host}, {@code since} (when it joined). */
  public JsonArray describe() {
    JsonArray all = new JsonArray();
    for (Member member : manager.getHazelcastInstance().getCluster().getMembers()) {
      all.add(new JsonObject().put("name", nameOf(member)).put("id", member.getUuid().toString())
          .put("host", member.getAddress().getHost()).put("since", member.getAttribute(SINCE))
          .put("self", member.localMember()));
    }
    return all;
  }

  static String nameOf(Member member) {
    return member.getAddress().getHost() + ":" + member.getAddress().getPort();
  }

  void onMemberLeft(Consumer<String> action) {
    onMemberLeft(action, false);
  }

  /** @param byName whether {@code action} is given the member's name ({@link #name()}) rather than its node id */
  void onMemberLeft(Consumer<String> action, boolean byName) {
    manager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        action.accept(byName ? nameOf(event.getMember()) : event.getMember().getUuid().toString());
      }
    });
  }

  /** Runs {@code action} when this member stops being one: its cluster instance shutting down (a close, or a kill). */
  void onLost(Runnable action) {
    onLifecycle(LifecycleEvent.LifecycleState.SHUTTING_DOWN, action);
  }

  /** Runs {@code action} when this member merges back into the cluster after the others had dropped it. */
  void onMerging(Runnable action) {
    onLifecycle(LifecycleEvent.LifecycleState.MERGING, action);
  }

  private void onLifecycle(LifecycleEvent.LifecycleState state, Runnable action) {
    manager.getHazelcastInstance().getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == state) {
        action.run();
      }
    });
  }
}
