package dev.bulklaunch.cluster;

import dev.bulklaunch.config.LauncherConfig;
import dev.bulklaunch.launch.LaneRouting;
import dev.bulklaunch.pacing.KeyScheduler;
import dev.bulklaunch.pacing.Lanes;
import dev.bulklaunch.pacing.RateBudget;
import dev.bulklaunch.runtime.EventLoopScheduler;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Lock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One owner per key across the cluster. Every member contends for each key it uses through a cluster-wide lock; the
 * holder serves its scheduler ({@link KeyDesk}): the other members' jobs take their permits through the bus
 * ({@link RemoteLane}), its own straight from the desk ({@link ClusterLane}), so whoever owns the key, one budget
 * counts every request.
 *
 * <p>A new owner grants nothing for one whole window: permits the previous owner granted may still be arriving at
 * lemlist. An owner whose event loop stalled (the process was frozen, or starved) stops granting until the cluster
 * has had time to notice and move the key, so that coming back it cannot send beside a new owner.
 */
public final class ClusterKeys implements LaneRouting {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterKeys.class);
  /** How often a member that does not own a key tries to take it; a dead owner's lock is freed within a second. */
  static final long CONTEND_EVERY_MS = 1_000;
  static final long TICK_MS = 250;
  private static final long[] ASK_AGAIN_AFTER_MS = {1_000, 2_500};

  private final Vertx vertx;
  private final Membership membership;
  private final OwnerLocks locks;
  private final long stallPauseMs;
  private final long settleMs;
  private final long maxBusMs;
  private final Map<String, OwnedKey> keys = new ConcurrentHashMap<>();
  // every job's lane, as long as its job keeps it
  private final java.util.Set<RemoteLane> lanes = java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());

  /**
   * @param stallPauseMs how long an owner whose loop stalled stops granting: the heartbeat timeout and a window; a
   *                     stall of half of it makes the owner hand its keys over
   * @param settleMs     how long a member whose loop stalled takes no key: if the cluster dropped it meanwhile, it
   *                     woke up alone, where every lock it tries is granted, until it merges back
   *                     ({@link HazelcastSettings#settleAfterStallMs})
   * @param maxBusMs     the most a permit may spend on the bus, there and back, before it is given back unused:
   *                     the budget's margin per window (it counts a request as arriving when it is granted)
   */
  public ClusterKeys(Vertx vertx, Membership membership, long stallPauseMs, long settleMs, long maxBusMs) {
    this.maxBusMs = maxBusMs;
    this.settleMs = Math.max(settleMs, stallPauseMs);
    this.vertx = vertx;
    this.membership = membership;
    this.locks = membership.locks();
    this.stallPauseMs = stallPauseMs;
    membership.onMemberLeft(member -> {
      keys.values().forEach(key -> key.memberLeft(member));
      // The bus forgets the member's addresses a moment after the cluster does: a request sent meanwhile (a job
      // taken over asks at once) would go to it and wait out the bus timeout, so everything on its way is asked
      // again now and twice more over the next seconds.
      lanes().forEach(RemoteLane::askAgain);
      for (long after : ASK_AGAIN_AFTER_MS) {
        vertx.setTimer(after, id -> lanes().forEach(RemoteLane::askAgain));
      }
    });
    // merging back, this member's side of the split is dropped, locks and all: whatever it owned there, it does not
    membership.onMerging(() -> keys.values().forEach(OwnedKey::mergingBack));
  }

  /** The settings of a run or server that is a cluster member. */
  public static ClusterKeys of(Vertx vertx, LauncherConfig config) {
    long windowMs = config.rate().windowMillis();
    java.time.Duration heartbeat = config.cluster(0).heartbeatTimeout();
    return new ClusterKeys(vertx, Membership.of(vertx), heartbeat.toMillis() + windowMs,
        HazelcastSettings.settleAfterStallMs(heartbeat), RateBudget.defaultMarginMs(config.rate()));
  }

  /**
   * The lanes of {@code keyName}: each job's permits come from the key's owner, wherever it is. A name that means
   * another key on another member (their digests differ) is refused: its jobs fail rather than share a budget that
   * is not theirs.
   *
   * @param local this member's scheduler of the key, which serves the cluster while this member owns the key
   */
  @Override
  public Lanes lanes(String keyName, String digest, KeyScheduler local, EventLoopScheduler loop) {
    Future<Void> agreed = agreeOnKey(keyName, digest);
    OwnedKey key = keys.computeIfAbsent(keyName, name -> new OwnedKey(name, local, loop.context()));
    key.start(agreed);
    return () -> {
      RemoteLane remote = new RemoteLane(vertx, keyName, membership.self(), maxBusMs, agreed);
      synchronized (lanes) {
        lanes.add(remote);
      }
      return new ClusterLane(remote, () -> key.desk, key.scheduler, remote.name());
    };
  }

  private java.util.List<RemoteLane> lanes() {
    synchronized (lanes) {
      return java.util.List.copyOf(lanes);
    }
  }

  /** Same name, same key on every member: compared by digest, so the key itself never enters the cluster. */
  private Future<Void> agreeOnKey(String keyName, String digest) {
    return vertx.sharedData().<String, String>getAsyncMap("bulklaunch.key-digests")
        .compose(map -> map.putIfAbsent(keyName, digest))
        .compose(existing -> {
          if (existing == null || existing.equals(digest)) {
            return Future.succeededFuture();
          }
          LOG.warn("key {}: another member has a different key under this name; this member will not use it", keyName);
          return Future.failedFuture(new IllegalStateException("key '" + keyName
              + "' means another key on another cluster member: check both keyrings"));
        });
  }

  /** The keys this member owns now, by name. */
  public boolean owns(String keyName) {
    OwnedKey key = keys.get(keyName);
    return key != null && key.desk != null;
  }

  /** Hands every key over at once (a run that ends, a server that stops). */
  public Future<Void> leave() {
    return Future.all(keys.values().stream().map(OwnedKey::release).toList()).mapEmpty();
  }

  private final class OwnedKey {
    private final String name;
    private final KeyScheduler scheduler;
    private final Context context;
    private boolean started;
    private boolean contending;
    private Lock lock;
    private volatile KeyDesk desk;
    private long lastTickMs;
    private long pausedUntilMs;

    OwnedKey(String name, KeyScheduler scheduler, Context context) {
      this.name = name;
      this.scheduler = scheduler;
      this.context = context;
    }

    synchronized void start(Future<Void> agreed) {
      if (started) {
        return;
      }
      started = true;
      agreed.onSuccess(ok -> context.runOnContext(v -> {
        lastTickMs = now();
        vertx.setPeriodic(0, TICK_MS, id -> tick());
        contend();
      }));
    }

    private void tick() {
      long now = now();
      if (stalled(now)) {
        // owner or not: the cluster may have dropped this member, which then takes no key until it has merged back
        standDown(now + settleMs, "stalled " + (now - lastTickMs) + " ms");
      }
      lastTickMs = now;
      if (desk == null && !contending && now >= pausedUntilMs && now % CONTEND_EVERY_MS < TICK_MS) {
        contend();
      }
    }

    /**
     * Whether this member's loop stood still long enough that the cluster may have dropped it: only a silence as
     * long as the heartbeat timeout removes a member, so half of it is a stall that may matter, and anything
     * shorter leaves this member the owner.
     */
    private boolean stalled(long now) {
      return now - lastTickMs > stallPauseMs / 2;
    }

    /** Grants only while no stall went unnoticed: timers due after a freeze may run before the next tick. */
    private boolean mayGrant() {
      return !stalled(now());
    }

    private void contend() {
      contending = true;
      locks.tryTake(vertx, "bulklaunch.key-owner." + name).onComplete(got -> context.runOnContext(v -> {
        contending = false;
        if (got.failed()) {
          return; // someone else owns it
        }
        if (desk != null || now() < pausedUntilMs) {
          got.result().release();
          return;
        }
        lock = got.result();
        scheduler.holdOneWindow();
        desk = new KeyDesk(context, name, scheduler, this::mayGrant);
        desk.open().onSuccess(ok -> {
          LOG.info("key {}: this member owns it now", name);
          ClusterView.owns(vertx, name, membership.name());
        });
      }));
    }

    void mergingBack() {
      context.runOnContext(v -> standDown(now() + stallPauseMs, "is merging back into the cluster"));
    }

    /** Takes no key until {@code untilMs}; an owner stops granting at once and hands the key over. */
    private void standDown(long untilMs, String why) {
      pausedUntilMs = Math.max(pausedUntilMs, untilMs);
      if (desk != null) {
        LOG.warn("key {}: this member {}; it stops granting and hands the key over", name, why);
        release();
      }
    }

    void memberLeft(String member) {
      KeyDesk current = desk;
      if (current != null) {
        current.memberLeft(member);
      }
    }

    Future<Void> release() {
      return Future.<Void>future(promise -> context.runOnContext(v -> {
        KeyDesk current = desk;
        desk = null;
        if (current == null) {
          promise.complete();
          return;
        }
        current.close().onComplete(closed -> {
          if (lock != null) {
            lock.release();
            lock = null;
          }
          promise.complete();
        });
      }));
    }

    private long now() {
      return System.nanoTime() / 1_000_000;
    }
  }
}
