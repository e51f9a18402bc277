package dev.bulklaunch.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.shareddata.Lock;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two members in one JVM. A member frozen past the heartbeat timeout is dropped by the cluster, which frees its locks
 * and lets another member take them; coming back, the frozen member releases what it believes it still holds.
 */
class OwnerLocksTest {

  private final List<Vertx> members = new ArrayList<>();

  @AfterEach
  void leave() throws Exception {
    for (Vertx member : members) {
      member.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aReleaseByAMemberThatLostItsLockLeavesTheNewHolderAlone() throws Exception {
    startCluster(2);
    Vertx frozen = members.get(0);
    Vertx taker = members.get(1);
    OwnerLocks frozenLocks = Membership.of(frozen).locks();
    Lock stale = frozenLocks.tryTake(frozen, "key-owner.acme").await(10, TimeUnit.SECONDS);
    // what the cluster does when it drops the frozen member: its locks are freed
    locks(taker).forceUnlock("key-owner.acme");
    Membership.of(taker).locks().tryTake(taker, "key-owner.acme").await(10, TimeUnit.SECONDS);

    stale.release();
    // taken after the release on the one lock thread: the release has run by then
    Future<Lock> again = frozenLocks.tryTake(frozen, "key-owner.acme");
    again.otherwiseEmpty().await(10, TimeUnit.SECONDS);

    assertThat(again.failed()).as("the frozen member cannot take the lock back: the new holder keeps it").isTrue();
    assertThat(locks(taker).isLocked("key-owner.acme")).isTrue();
  }

  @Test
  void aHeldLockIsNotTakenTwiceByItsOwnMemberAndIsFreeOnceReleased() throws Exception {
    startCluster(2);
    Vertx a = members.get(0);
    OwnerLocks locks = Membership.of(a).locks();
    Lock held = locks.tryTake(a, "job-runner.j1").await(10, TimeUnit.SECONDS);

    Future<Lock> twice = locks.tryTake(a, "job-runner.j1");
    twice.otherwiseEmpty().await(10, TimeUnit.SECONDS);
    assertThat(twice.failed()).as("a map lock is re-entrant for its thread; ours is not").isTrue();

    held.release();
    Lock other = Membership.of(members.get(1)).locks().tryTake(members.get(1), "job-runner.j1")
        .await(10, TimeUnit.SECONDS);
    assertThat(other).isNotNull();
  }

  private static IMap<String, Boolean> locks(Vertx member) {
    return ((HazelcastClusterManager) ((VertxInternal) member).clusterManager()).getHazelcastInstance()
        .getMap("bulklaunch.owner-locks");
  }

  private void startCluster(int size) throws Exception {
    InJvmCluster.start(size, members);
  }
}
