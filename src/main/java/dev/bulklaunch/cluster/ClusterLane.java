package dev.bulklaunch.cluster;

import dev.bulklaunch.pacing.AnswerReport;
import dev.bulklaunch.pacing.KeyScheduler;
import dev.bulklaunch.pacing.Permit;
import dev.bulklaunch.pacing.PermitSource;
import io.reactivex.rxjava3.core.Single;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A job's lane on a key in a cluster. While this member owns the key, its permits come straight from this member's
 * scheduler through the key's desk: no bus in the way, whose round trips grow to hundreds of milliseconds while
 * members join, and would hold the key's places in flight meanwhile. Otherwise, or when the desk stops granting
 * while a request waits, they come from the owner over the bus ({@link RemoteLane}). Each answer is reported where
 * its permit came from.
 */
final class ClusterLane implements PermitSource {

  private final RemoteLane remote;
  private final Supplier<KeyDesk> desk;
  private final KeyScheduler scheduler;
  private final String name;
  // permits granted here, by identity: a remote owner's permit may carry equal numbers
  private final Set<Permit> local = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

  /**
   * @param desk      the key's desk while this member owns the key, else null
   * @param scheduler this member's scheduler of the key, which answers to the permits its desk granted
   */
  ClusterLane(RemoteLane remote, Supplier<KeyDesk> desk, KeyScheduler scheduler, String name) {
    this.remote = remote;
    this.desk = desk;
    this.scheduler = scheduler;
    this.name = name;
  }

  @Override
  public Single<Permit> acquire() {
    return Single.defer(() -> {
      KeyDesk here = desk.get();
      if (here == null) {
        return remote.acquire();
      }
      return here.grantHere(name)
          .doOnSuccess(local::add)
          .onErrorResumeNext(error -> error instanceof KeyDesk.NotOwner ? remote.acquire() : Single.error(error));
    });
  }

  @Override
  public Single<Boolean> report(Permit permit, AnswerReport answer) {
    return local.remove(permit) ? scheduler.report(permit, answer) : remote.report(permit, answer);
  }

  @Override
  public void written(Permit permit, long afterMs) {
    if (local.contains(permit)) {
      scheduler.written(permit, afterMs);
    } else {
      remote.written(permit, afterMs);
    }
  }

  @Override
  public void abandon(Permit permit) {
    if (local.remove(permit)) {
      scheduler.abandon(permit);
    } else {
      remote.abandon(permit);
    }
  }
}
