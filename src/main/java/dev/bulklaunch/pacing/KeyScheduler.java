package dev.bulklaunch.pacing;

import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleEmitter;
import io.reactivex.rxjava3.disposables.Disposable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one scheduler of an API key, shared by every run and job in the process. Requests ask for a {@link Permit}
 * as fast as the {@link RateBudget} allows, and every answer is fed back so the budget follows the server. Waiting
 * is a single timer, never a blocked thread.
 *
 * <p>A permit means the request goes on the wire now: the budget counts it as sent at that moment. So no more
 * permits are out at once than the key's connections carry ({@code maxInFlight}); a request granted beyond that
 * would wait in the client's pool for an earlier answer, arrive up to a whole answer time later than counted, and
 * two jobs on one key (each under its own in-flight cap, together over the pool) put more than the limit in a
 * window. Each job asks through its own {@link Lane}; permits go round-robin between the lanes with requests
 * waiting, first come, first served within a lane, so no job starves another.
 *
 * <p>All state is confined to the thread of {@code clock} (an event loop in production, a {@code TestScheduler} in
 * tests): public methods hop onto it. The counts ({@link #inFlight()}, {@link #waiting()}, {@link #requests()},
 * {@link #rateLimited()}, {@link #lastRemaining()}) may be read from any thread.
 */
public final class KeyScheduler implements PermitSource, Lanes {

  private static final Logger LOG = LoggerFactory.getLogger(KeyScheduler.class);

  /** Requests of one job (or any other user of the key); permits alternate between lanes that have some waiting. */
  public final class Lane implements PermitSource {
    private final Deque<Waiter> waiting = new ArrayDeque<>();
    private boolean ready;

    private Lane() {
    }

    @Override
    public Single<Permit> acquire() {
      return Single.<Permit>create(emitter -> {
        Waiter waiter = new Waiter(emitter);
        waiting.addLast(waiter);
        waitingCount++;
        if (!ready) {
          ready = true;
          readyLanes.addLast(this);
        }
        // also run when the permit is granted: then there is nothing to take out of the line (a task per permit)
        emitter.setCancellable(() -> {
          if (!waiter.granted) {
            clock.scheduleDirect(() -> {
              if (waiting.remove(waiter)) {
                waitingCount--;
              }
            });
          }
        });
        drainSoon();
      }).subscribeOn(clock);
    }

    @Override
    public Single<Boolean> report(Permit permit, AnswerReport answer) {
      return KeyScheduler.this.report(permit, answer);
    }

    @Override
    public void written(Permit permit, long afterMs) {
      KeyScheduler.this.written(permit, afterMs);
    }

    @Override
    public void abandon(Permit permit) {
      KeyScheduler.this.abandon(permit);
    }
  }

  /** A request waiting in its lane for a permit. */
  private static final class Waiter {
    private final SingleEmitter<Permit> emitter;
    /** Set on the clock's thread before the permit is handed over. */
    private volatile boolean granted;

    private Waiter(SingleEmitter<Permit> emitter) {
      this.emitter = emitter;
    }
  }

  private final RateBudget budget;
  private final Reachability reachability = new Reachability();
  private final Scheduler clock;
  private final int maxInFlight;
  private final Deque<Lane> readyLanes = new ArrayDeque<>();
  private final Lane defaultLane = new Lane();
  private final Set<Long> outstanding = new HashSet<>();
  private Disposable wakeUp = Disposable.disposed();
  private long wakeUpAtMs = Long.MAX_VALUE;
  private boolean draining;
  private boolean drainQueued;
  private volatile int waitingCount;
  private volatile int inFlightCount;
  private volatile long requests;
  private volatile long rateLimitedCount;
  private volatile Integer lastRemaining;
  /** Answers fed back, by {@link AnswerClass}; written on the clock's thread only, read from any. */
  private final java.util.concurrent.atomic.AtomicLongArray answers =
      new java.util.concurrent.atomic.AtomicLongArray(AnswerClass.values().length);

  /** A scheduler with no cap on requests in flight (tests of the budget alone). */
  public KeyScheduler(RateBudget budget, Scheduler clock) {
    this(budget, clock, Integer.MAX_VALUE);
  }

  /** @param maxInFlight how many requests the key's connections carry at once */
  public KeyScheduler(RateBudget budget, Scheduler clock, int maxInFlight) {
    this.budget = budget;
    this.clock = clock;
    this.maxInFlight = maxInFlight;
  }

  @Override
  public Lane newLane() {
    return new Lane();
  }

  /** A permit from the key's shared default lane. */
  @Override
  public Single<Permit> acquire() {
    return defaultLane.acquire();
  }

  /**
   * Feeds one request's outcome back: the server's headers re-time the budget, a 429 holds every sender, and
   * requests that got no answer may put the key in an outage. A campaign read counts in the budget and follows the
   * server's headers like any, but its answer time does not set what a usual launch answer time is.
   */
  @Override
  public Single<Boolean> report(Permit permit, AnswerReport answer) {
    return Single.fromCallable(() -> {
      long now = now();
      release(permit);
      answers.incrementAndGet(AnswerClass.of(answer.http()).ordinal());
      if (answer.limits().remaining() != null) {
        lastRemaining = answer.limits().remaining();
      }
      // counted from when it was written, not granted: a request that waited (a busy loop, a pooled connection)
      // reached the server that much later, and the window it fills ends that much later
      long sentAtMs = Math.min(now, permit.grantedAtMs() + answer.writtenAfterMs());
      if (answer.rateLimited()) {
        rateLimitedCount++;
        budget.onRateLimited(permit.seq(), sentAtMs, now, answer.limits());
      } else {
        budget.onResponse(permit.seq(), sentAtMs, now, answer.limits(), !answer.read());
      }
      boolean wasDown = reachability.inOutage();
      boolean down = reachability.answered(permit.seq(), answer.reachedServer(), now);
      if (down != wasDown) {
        LOG.warn(down ? "lemlist does not answer ({} failed requests in a row): all sending paused, probing"
            : "lemlist answers again: sending resumed", Reachability.FAILURES_TO_OUTAGE);
      }
      drainSoon();
      return reachability.looksDown();
    }).subscribeOn(clock);
  }

  /** A request written late, counted from its write as its answer's report will count it (see {@link #report}). */
  @Override
  public void written(Permit permit, long afterMs) {
    clock.scheduleDirect(() -> {
      if (outstanding.contains(permit.seq())) {
        budget.onWritten(permit.seq(), permit.grantedAtMs(), Math.min(now(), permit.grantedAtMs() + afterMs));
      }
    });
  }

  /**
   * A permit whose request got no answer to feed back (it failed before it was written, or its run was disposed):
   * frees its place in flight. Does nothing for a permit already fed back.
   */
  @Override
  public void abandon(Permit permit) {
    clock.scheduleDirect(() -> {
      if (release(permit)) {
        reachability.abandoned(permit.seq());
        drainSoon();
      }
    });
  }

  /** Grants nothing for one whole window from now (a cluster member taking the key over; see RateBudget). */
  public void holdOneWindow() {
    clock.scheduleDirect(() -> {
      budget.holdOneWindow(now());
      drainSoon();
    });
  }

  /** Permits waiting to be granted. */
  public int waiting() {
    return waitingCount;
  }

  /** Permits granted whose answer has not been fed back yet. */
  public int inFlight() {
    return inFlightCount;
  }

  /** Permits granted so far: the key's requests. */
  public long requests() {
    return requests;
  }

  /** Answers of 429 fed back so far. */
  public long rateLimited() {
    return rateLimitedCount;
  }

  /** Requests fed back whose answer was of this class (launches and campaign reads alike). */
  public long answers(AnswerClass answerClass) {
    return answers.get(answerClass.ordinal());
  }

  /** The last {@code X-RateLimit-Remaining} the server stated, or null before any. */
  public Integer lastRemaining() {
    return lastRemaining;
  }

  private boolean release(Permit permit) {
    boolean wasOut = outstanding.remove(permit.seq());
    inFlightCount = outstanding.size();
    return wasOut;
  }

  private void drain() {
    if (draining) {
      return;
    }
    draining = true;
    try {
      while (!readyLanes.isEmpty() && outstanding.size() < maxInFlight) {
        long now = now();
        long probeAt = reachability.nextAllowedMs();
        if (probeAt == Long.MAX_VALUE) {
          return; // a probe is out: its answer drains again
        }
        long delay = Math.max(budget.delayMs(now), probeAt <= now ? 0 : probeAt - now);
        if (delay > 0) {
          wakeUpAt(now + delay);
          return;
        }
        Waiter waiter = nextWaiting();
        SingleEmitter<Permit> next = waiter == null ? null : waiter.emitter;
        if (next != null && !next.isDisposed()) {
          waiter.granted = true;
          long seq = budget.recordSend(now);
          reachability.sent(seq);
          outstanding.add(seq);
          inFlightCount = outstanding.size();
          requests = seq;
          next.onSuccess(new Permit(seq, now));
        }
      }
    } finally {
      draining = false;
    }
  }

  /** The first waiting request of the next lane in turn; that lane goes to the back of the line. */
  private Waiter nextWaiting() {
    Lane lane = readyLanes.pollFirst();
    if (lane == null) {
      return null;
    }
    Waiter next = lane.waiting.pollFirst();
    if (next != null) {
      waitingCount--;
    }
    if (lane.waiting.isEmpty()) {
      lane.ready = false;
    } else {
      readyLanes.addLast(lane);
    }
    return next;
  }

  /**
   * Permits are handed out in a task of their own, never right where a request asks or an answer is taken in:
   * every answer already read is taken in first, so a 429 read in the same batch as a 200 (or as a request
   * asking) holds the request that would otherwise have left before the 429 was seen.
   */
  private void drainSoon() {
    if (drainQueued) {
      return;
    }
    drainQueued = true;
    clock.scheduleDirect(() -> {
      drainQueued = false;
      drain();
    });
  }

  private void wakeUpAt(long atMs) {
    if (!wakeUp.isDisposed() && wakeUpAtMs <= atMs) {
      return;
    }
    wakeUp.dispose();
    wakeUpAtMs = atMs;
    wakeUp = clock.scheduleDirect(() -> {
      wakeUpAtMs = Long.MAX_VALUE;
      drain();
    }, Math.max(0, atMs - now()), TimeUnit.MILLISECONDS);
  }

  private long now() {
    return clock.now(TimeUnit.MILLISECONDS);
  }
}
