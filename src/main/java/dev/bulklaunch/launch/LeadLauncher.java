package dev.bulklaunch.launch;

import dev.bulklaunch.lemlist.Attempt;
import dev.bulklaunch.lemlist.ErrorCodes;
import dev.bulklaunch.lemlist.LeadSender;
import dev.bulklaunch.pacing.KeyScheduler;
import dev.bulklaunch.result.LeadResult;
import dev.bulklaunch.result.Status;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** Takes one valid lead from its first request to its final result: pacing, retries, backoff and 429 waits. */
final class LeadLauncher {

  /** Tries that found lemlist down cost no retry; past this many the lead fails anyway. */
  private static final int MAX_UNREACHABLE_TRIES = 1_000;

  private final KeyScheduler scheduler;
  private final KeyScheduler.Lane lane;
  private final LeadSender sender;
  private final JobControl control;
  private final JobStats stats;
  private final RetryPolicy retry;
  private final Scheduler timer;
  private final SendTrace trace;

  LeadLauncher(KeyScheduler scheduler, LeadSender sender, JobControl control, JobStats stats, RetryPolicy retry,
               Scheduler timer) {
    this(scheduler, sender, control, stats, retry, timer, SendTrace.NONE);
  }

  LeadLauncher(KeyScheduler scheduler, LeadSender sender, JobControl control, JobStats stats, RetryPolicy retry,
               Scheduler timer, SendTrace trace) {
    this.scheduler = scheduler;
    this.lane = scheduler.newLane();
    this.sender = sender;
    this.control = control;
    this.stats = stats;
    this.retry = retry;
    this.timer = timer;
    this.trace = trace;
  }

  Single<LeadResult> launch(String leadId, long line) {
    Tries tries = new Tries(leadId, line);
    tries.earlierAttemptMayHaveLaunched = trace.sentBefore(leadId);
    return attempt(tries);
  }

  private Single<LeadResult> attempt(Tries tries) {
    return control.whenNotPaused().andThen(Single.defer(() -> control.isStopped()
        ? Single.just(tries.aborted(control.stopMessage()))
        : sendOnce(tries)));
  }

  private Single<LeadResult> sendOnce(Tries tries) {
    return lane.acquire()
        .takeUntil(control.whenStopped())
        .flatMap(permit -> {
          stats.requestSent();
          tries.sent++;
          return trace.sending(tries.leadId).andThen(sender.launch(tries.leadId))
              .doOnSuccess(answer -> stats.answered())
              .doOnError(error -> scheduler.abandoned(permit))
              .doOnDispose(() -> scheduler.abandoned(permit))
              .flatMap(answer -> scheduler.completed(permit, answer)
                  .flatMap(lemlistDown -> decide(tries, answer, lemlistDown)));
        })
        .onErrorResumeNext(error -> error instanceof CancellationException
            ? Single.just(tries.aborted(control.stopMessage()))
            : Single.error(error));
  }

  private Single<LeadResult> decide(Tries tries, Attempt answer, boolean lemlistDown) {
    tries.last = answer;
    switch (answer.kind()) {
      case LAUNCHED:
        return Single.just(tries.result(Status.LAUNCHED, answer, null));
      case ALREADY_LAUNCHED:
        return Single.just(tries.earlierAttemptMayHaveLaunched
            ? tries.result(Status.LAUNCHED, answer, "launched by an earlier attempt whose answer was lost")
            : tries.result(Status.SKIPPED, answer, answer.message()));
      case REFUSED:
        return Single.just(tries.result(Status.FAILED, answer, answer.message()));
      case FATAL:
        control.stop(StopReason.REFUSED_BY_SERVER, answer.message());
        return Single.just(tries.result(Status.FAILED, answer, answer.message()));
      case RATE_LIMITED:
        stats.rateLimited();
        if (++tries.rateLimited > retry.max429()) {
          return Single.just(tries.failed(answer, ErrorCodes.TOO_MANY_429,
              "still rate limited after " + retry.max429() + " answers of 429"));
        }
        return attempt(tries);
      default:
        tries.earlierAttemptMayHaveLaunched |= answer.ambiguous();
        if (lemlistDown && !answer.reachedServer()) {
          // lemlist itself looks down (the scheduler holds everyone and probes once it is sure): this lead waits
          // without spending a retry, up to a cap that stops an endless loop.
          if (++tries.unreachable > MAX_UNREACHABLE_TRIES) {
            return Single.just(tries.result(Status.FAILED, answer, answer.message()));
          }
        } else if (tries.retriesUsed >= retry.retries()) {
          return Single.just(tries.result(Status.FAILED, answer, answer.message()));
        } else {
          tries.retriesUsed++;
        }
        stats.retried();
        long delay = retry.backoffMs(Math.max(1, tries.retriesUsed), ThreadLocalRandom.current());
        return Completable.timer(delay, TimeUnit.MILLISECONDS, timer)
            .ambWith(control.whenStopped())
            .andThen(attempt(tries));
    }
  }

  /** The running tally of one lead's requests. */
  private static final class Tries {
    final String leadId;
    final long line;
    int sent;
    int retriesUsed;
    int rateLimited;
    int unreachable;
    boolean earlierAttemptMayHaveLaunched;
    Attempt last;

    Tries(String leadId, long line) {
      this.leadId = leadId;
      this.line = line;
    }

    LeadResult result(Status status, Attempt answer, String message) {
      String code = status == Status.LAUNCHED ? null : answer.code();
      return new LeadResult(leadId, status, code, answer.http(), message, sent, answer.latencyMs(), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), line);
    }

    LeadResult failed(Attempt answer, String code, String message) {
      return new LeadResult(leadId, Status.FAILED, code, answer.http(), message, sent, answer.latencyMs(), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
          line);
    }

    LeadResult aborted(String why) {
      String message = "not sent: the run stopped" + (why == null ? "" : " (" + why + ")");
      if (sent > 0) {
        message = "stopped before its retry: " + (last == null ? "" : last.code());
      }
      return new LeadResult(leadId, Status.FAILED, ErrorCodes.ABORTED, 0, message, sent, 0, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), line);
    }
  }
}
