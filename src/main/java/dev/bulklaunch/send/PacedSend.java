package dev.bulklaunch.send;

import dev.bulklaunch.lemlist.Attempt;
import dev.bulklaunch.lemlist.ReadAnswer;
import dev.bulklaunch.pacing.AnswerReport;
import dev.bulklaunch.pacing.Permit;
import dev.bulklaunch.pacing.PermitSource;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One request to lemlist under the key's budget, launch or campaign read alike: it waits for a permit, reports the
 * answer back, waits out a 429 (the scheduler holds every sender; 429s cost no retry, up to the policy's cap) and
 * retries 5xx, timeouts and lost connections with backoff. Emits the first answer that is none of those, or the last
 * one when the retries ran out, with the tally of its tries.
 */
public final class PacedSend {

  /**
   * A request written this much after its permit came into our hands is reported as written late at once (the least
   * margin a budget keeps: one written sooner is within what its grant already counts).
   */
  private static final long LATE_WRITE_MS = 5;
  /** Tries that found lemlist down cost no retry; past this many the request gives up anyway. */
  private static final int MAX_UNREACHABLE_TRIES = 1_000;

  /** The answer a send came to ({@code null} when its job stopped first) and how many tries it took. */
  public record Sent<T>(T answer, Tries tries) {
  }

  private final PermitSource permits;
  private final RetryPolicy retry;
  private final Scheduler timer;
  private final boolean reads;
  private final SendControl control;
  private final SendObserver observer;

  /** Launches: a job's lane, pause and stop, and counters. */
  public static PacedSend launches(PermitSource lane, RetryPolicy retry, Scheduler timer, SendControl control,
                                   SendObserver observer) {
    return new PacedSend(lane, retry, timer, false, control, observer);
  }

  /** Campaign reads: the key's permits like any request, but their answer times are not a launch's. */
  public static PacedSend reads(PermitSource permits, RetryPolicy retry, Scheduler timer) {
    return new PacedSend(permits, retry, timer, true, SendControl.NONE, SendObserver.NONE);
  }

  private PacedSend(PermitSource permits, RetryPolicy retry, Scheduler timer, boolean reads, SendControl control,
                    SendObserver observer) {
    this.permits = permits;
    this.retry = retry;
    this.timer = timer;
    this.reads = reads;
    this.control = control;
    this.observer = observer;
  }

  /**
   * @param request   one request, made when its permit is granted, given what to run once it is written; never
   *                  fails (every outcome is an answer)
   * @param attemptOf what the answer came to, as {@link dev.bulklaunch.lemlist.ResponseClassifier} classifies it
   */
  public <T> Single<Sent<T>> send(Function<Runnable, Single<T>> request, Function<T, Attempt> attemptOf, Tries tries) {
    return control.whenNotPaused().andThen(Single.defer(() -> {
      if (control.isStopped()) {
        tries.stop();
        return Single.just(new Sent<T>(null, tries));
      }
      return sendOnce(request, attemptOf, tries);
    }));
  }

  /** A campaign read, to its answer (nothing stops a read but disposing it, so there always is one). */
  public Single<ReadAnswer> read(Supplier<Single<ReadAnswer>> request) {
    // a read's write is not watched: its answer's report counts it
    return send(written -> request.get(), ReadAnswer::attempt, new Tries(false)).map(Sent::answer);
  }

  private <T> Single<Sent<T>> sendOnce(Function<Runnable, Single<T>> request, Function<T, Attempt> attemptOf, Tries tries) {
    return permits.acquire().toMaybe()
        .takeUntil(control.whenHeld().toMaybe())
        .flatMapSingle(permit -> write(permit, request, attemptOf, tries))
        // held before its permit came: a stop ends the request, a pause asks again once resumed
        .switchIfEmpty(Single.defer(() -> {
          if (control.isStopped()) {
            tries.stop();
            return Single.just(new Sent<>(null, tries));
          }
          return send(request, attemptOf, tries);
        }));
  }

  private <T> Single<Sent<T>> write(Permit permit, Function<Runnable, Single<T>> request, Function<T, Attempt> attemptOf,
                                    Tries tries) {
    long inHandMs = timer.now(TimeUnit.MILLISECONDS);
    observer.requestSent();
    tries.sending();
    return request.apply(() -> {
          long afterMs = timer.now(TimeUnit.MILLISECONDS) - inHandMs;
          if (afterMs >= LATE_WRITE_MS) {
            permits.written(permit, afterMs);
          }
        })
        .doOnSuccess(answer -> observer.answered())
        // a permit holds one of the key's places in flight until it is reported or given up
        .doOnError(error -> permits.abandon(permit))
        .doOnDispose(() -> permits.abandon(permit))
        .flatMap(answer -> {
          Attempt attempt = attemptOf.apply(answer);
          return permits.report(permit, report(attempt, timer.now(TimeUnit.MILLISECONDS) - inHandMs))
              .flatMap(lemlistDown -> decide(request, attemptOf, tries, answer, attempt, lemlistDown));
        });
  }

  private <T> Single<Sent<T>> decide(Function<Runnable, Single<T>> request, Function<T, Attempt> attemptOf, Tries tries,
                                     T answer, Attempt attempt, boolean lemlistDown) {
    tries.answered(attempt);
    if (attempt.kind() == Attempt.Kind.RATE_LIMITED) {
      observer.rateLimited();
      return tries.rateLimitedAgain(retry) ? send(request, attemptOf, tries) : Single.just(new Sent<>(answer, tries));
    }
    if (attempt.kind() != Attempt.Kind.TRANSIENT
        || !tries.retryAfter(attempt, lemlistDown, retry, MAX_UNREACHABLE_TRIES)) {
      return Single.just(new Sent<>(answer, tries));
    }
    observer.retried();
    long delay = retry.backoffMs(Math.max(1, tries.retriesUsed()), ThreadLocalRandom.current());
    return Completable.timer(delay, TimeUnit.MILLISECONDS, timer)
        .ambWith(control.whenStopped())
        .andThen(send(request, attemptOf, tries));
  }

  /**
   * The answer, and how long after the permit came into our hands the request was written: what of the whole time
   * is not the answer's latency, which the client measures from the write.
   */
  private AnswerReport report(Attempt attempt, long sinceInHandMs) {
    long writtenAfterMs = Math.max(0, sinceInHandMs - attempt.latencyMs());
    return new AnswerReport(attempt.http(), attempt.limits(), attempt.latencyMs(), reads, writtenAfterMs);
  }
}
