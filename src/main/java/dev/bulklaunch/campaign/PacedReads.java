package dev.bulklaunch.campaign;

import dev.bulklaunch.launch.RetryPolicy;
import dev.bulklaunch.lemlist.Attempt;
import dev.bulklaunch.lemlist.ReadAnswer;
import dev.bulklaunch.pacing.KeyScheduler;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A read request that is an API request like any launch: it waits for a permit of the key's scheduler, feeds its
 * answer back, waits out a 429 (the scheduler holds every sender; 429s cost no retry, up to the policy's cap) and
 * retries 5xx, timeouts and lost connections with backoff. Emits the first answer that is none of those.
 */
final class PacedReads {

  private final KeyScheduler scheduler;
  private final RetryPolicy retry;
  private final Scheduler timer;

  PacedReads(KeyScheduler scheduler, RetryPolicy retry, Scheduler timer) {
    this.scheduler = scheduler;
    this.retry = retry;
    this.timer = timer;
  }

  Single<ReadAnswer> send(Supplier<Future<ReadAnswer>> request) {
    return attempt(request, new int[2]);
  }

  /** @param tries [0] retries used, [1] 429s seen */
  private Single<ReadAnswer> attempt(Supplier<Future<ReadAnswer>> request, int[] tries) {
    return scheduler.acquire()
        .flatMap(permit -> Single.fromCompletionStage(request.get().toCompletionStage())
            // a permit holds one of the key's places in flight until it is fed back or given up
            .doOnError(error -> scheduler.abandoned(permit))
            .doOnDispose(() -> scheduler.abandoned(permit))
            .flatMap(answer -> scheduler.completedRead(permit, answer.attempt()).map(down -> answer)))
        .flatMap(answer -> {
          Attempt attempt = answer.attempt();
          if (attempt.kind() == Attempt.Kind.RATE_LIMITED && ++tries[1] <= retry.max429()) {
            return attempt(request, tries);
          }
          if (attempt.kind() == Attempt.Kind.TRANSIENT && tries[0] < retry.retries()) {
            tries[0]++;
            return Completable.timer(retry.backoffMs(tries[0], ThreadLocalRandom.current()), TimeUnit.MILLISECONDS, timer)
                .andThen(attempt(request, tries));
          }
          return Single.just(answer);
        });
  }
}
