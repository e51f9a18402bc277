package dev.bulklaunch.cluster;

import com.hazelcast.map.IMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Lock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster-wide locks that only their holder can release: who owns a key, who runs a job. Vert.x's own Hazelcast
 * lock releases with {@code forceUnlock}, whoever holds the lock by then, and a member frozen past the heartbeat
 * timeout comes back still holding a lock the cluster had given to another member meanwhile, and its release freed
 * the new owner's lock: a third member took the key beside it, 0.7 s after the frozen one merged back (115 requests
 * in one 1 s window at the wire). Hazelcast's map locks belong to a thread of a member, and unlocking one that another
 * holds is refused, so every lock here is taken and released on this process's one lock thread.
 */
final class OwnerLocks {

  private static final Logger LOG = LoggerFactory.getLogger(OwnerLocks.class);
  /** A lock is tried, not waited for: a waiting lock holds the lock thread. */
  private static final long TRY_LOCK_MS = 10;
  private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "cluster-locks");
    thread.setDaemon(true);
    return thread;
  });

  private final IMap<String, Boolean> locks;
  // a map lock is re-entrant for its thread: the names this process holds, so that a second take is refused
  private final Set<String> held = ConcurrentHashMap.newKeySet();

  OwnerLocks(IMap<String, Boolean> locks) {
    this.locks = locks;
  }

  /** The lock {@code name} if no one holds it now; fails otherwise. Completes on the caller's context. */
  Future<Lock> tryTake(Vertx vertx, String name) {
    Context caller = vertx.getOrCreateContext();
    Promise<Lock> taken = Promise.promise();
    THREAD.execute(() -> {
      boolean got;
      try {
        got = held.add(name) && lockedHere(name);
      } catch (RuntimeException e) {
        held.remove(name);
        caller.runOnContext(v -> taken.fail(e));
        return;
      }
      if (!got) {
        caller.runOnContext(v -> taken.fail(new IllegalStateException("lock " + name + " is held")));
        return;
      }
      caller.runOnContext(v -> taken.complete(new Held(name)));
    });
    return taken.future();
  }

  private boolean lockedHere(String name) {
    boolean got = false;
    try {
      got = locks.tryLock(name, TRY_LOCK_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!got) {
      held.remove(name);
    }
    return got;
  }

  private final class Held implements Lock {
    private final String name;
    private boolean released;

    Held(String name) {
      this.name = name;
    }

    @Override
    public synchronized void release() {
      if (released) {
        return;
      }
      released = true;
      THREAD.execute(() -> {
        try {
          locks.unlock(name);
        } catch (IllegalMonitorStateException e) {
          LOG.info("lock {}: no longer this member's (the cluster gave it to another while this one was away); left "
              + "to its holder", name);
        } catch (RuntimeException e) {
          LOG.info("lock {}: not released ({}); the cluster frees it with this member", name, e.toString());
        } finally {
          held.remove(name);
        }
      });
    }
  }
}
