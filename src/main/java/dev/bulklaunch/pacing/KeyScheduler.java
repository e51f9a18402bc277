package dev.bulklaunch.pacing;

import dev.bulklaunch.lemlist.Attempt;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleEmitter;
import io.reactivex.rxjava3.disposables.Disposable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one scheduler of an API key, shared by every run and job in the process. Requests ask for a {@link Permit};
 * permits are handed out first come, first served, as fast as the {@link RateBudget} allows, and every answer is
 * fed back so the budget follows the server. Waiting is a single timer, never a blocked thread.
 *
 * <p>All state is confined to the thread of {@code clock} (an event loop in production, a {@code TestScheduler} in
 * tests): public methods hop onto it.
 */
public final class KeyScheduler {

  private static final Logger LOG = LoggerFactory.getLogger(KeyScheduler.class);

  private final RateBudget budget;
  private final Reachability reachability = new Reachability();
  private final Scheduler clock;
  private final Deque<SingleEmitter<Permit>> waiting = new ArrayDeque<>();
  private Disposable wakeUp = Disposable.disposed();
  private long wakeUpAtMs = Long.MAX_VALUE;
  private boolean draining;
  private boolean drainQueued;

  public KeyScheduler(RateBudget budget, Scheduler clock) {
    this.budget = budget;
    this.clock = clock;
  }

  /** A permit to send one request, granted when the budget allows. Disposing the subscription gives up the place. */
  public Single<Permit> acquire() {
    return Single.<Permit>create(emitter -> {
      waiting.addLast(emitter);
      emitter.setCancellable(() -> clock.scheduleDirect(() -> waiting.remove(emitter)));
      drainSoon();
    }).subscribeOn(clock);
  }

  /**
   * Feeds one request's outcome back: the server's headers re-time the budget, a 429 holds every sender, and
   * requests that got no answer may put the key in an outage. Emits whether lemlist looks down now (an outage, or
   * a streak of unanswered requests), so the caller knows a failure was most likely not this lead's bad luck.
   */
  public Single<Boolean> completed(Permit permit, Attempt attempt) {
    return completed(permit, attempt, true);
  }

  /**
   * {@link #completed(Permit, Attempt)} for a request that is not a launch (a campaign export or list): it counts in
   * the budget and follows the server's headers like any, but its answer time does not set what a usual launch
   * answer time is.
   */
  public Single<Boolean> completedRead(Permit permit, Attempt attempt) {
    return completed(permit, attempt, false);
  }

  private Single<Boolean> completed(Permit permit, Attempt attempt, boolean usualWork) {
    return Single.fromCallable(() -> {
      long now = now();
      if (attempt.kind() == Attempt.Kind.RATE_LIMITED) {
        budget.onRateLimited(permit.seq(), permit.grantedAtMs(), now, attempt.limits());
      } else {
        budget.onResponse(permit.seq(), permit.grantedAtMs(), now, attempt.limits(), usualWork);
      }
      boolean wasDown = reachability.inOutage();
      boolean down = reachability.answered(permit.seq(), attempt.reachedServer(), now);
      if (down != wasDown) {
        LOG.warn(down ? "lemlist does not answer ({} failed requests in a row): all sending paused, probing"
            : "lemlist answers again: sending resumed", Reachability.FAILURES_TO_OUTAGE);
      }
      drainSoon();
      return reachability.looksDown();
    }).subscribeOn(clock);
  }

  public int waitingCount() {
    return waiting.size();
  }

  // Read-only views for GET /api/keys and /metrics, read from other threads: a value a moment old is fine there.

  /** Permits handed out so far: the requests sent on this key. */
  public long requests() {
    return budget.sentTotal();
  }

  /** The server's last {@code X-RateLimit-Remaining}; null before the first answer that said it. */
  public Integer lastRemaining() {
    return budget.lastRemaining();
  }

  private void drain() {
    if (draining) {
      return;
    }
    draining = true;
    try {
      while (!waiting.isEmpty()) {
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
        SingleEmitter<Permit> next = waiting.pollFirst();
        if (!next.isDisposed()) {
          long seq = budget.recordSend(now);
          reachability.sent(seq);
          next.onSuccess(new Permit(seq, now));
        }
      }
    } finally {
      draining = false;
    }
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
