package dev.bulklaunch.launch;

import dev.bulklaunch.send.RetryPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulklaunch.config.RateSpec;
import dev.bulklaunch.lemlist.Attempt.Kind;
import dev.bulklaunch.lemlist.Attempt;
import dev.bulklaunch.lemlist.ResponseClassifier;
import dev.bulklaunch.pacing.KeyScheduler;
import dev.bulklaunch.pacing.RateBudget;
import dev.bulklaunch.ratelimit.RateLimitHeaders;
import dev.bulklaunch.result.LeadResult;
import dev.bulklaunch.result.Status;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One lead's retries, backoff and 429 waits on RxJava's virtual clock, against scripted answers. */
class LeadLauncherTest {

  private final TestScheduler clock = new TestScheduler();
  private final KeyScheduler scheduler = new KeyScheduler(new RateBudget(RateSpec.parse("100/1s"), 10), clock);
  private final JobControl control = new JobControl();
  private final JobStats stats = new JobStats();
  private final Deque<Attempt> script = new ArrayDeque<>();
  private int sent;

  private LeadLauncher launcher(int retries) {
    return new LeadLauncher(scheduler, leadId -> Single.fromCallable(() -> {
      sent++;
      return script.removeFirst();
    }), control, stats, new RetryPolicy(retries, 500, 30_000, 3), clock);
  }

  private static Attempt answer(Kind kind, int http, String code) {
    return new Attempt(kind, http, code, code, RateLimitHeaders.NONE, 5);
  }

  private LeadResult run(LeadLauncher launcher, long maxVirtualSeconds) {
    TestObserver<LeadResult> result = launcher.launch("lea_1", 1).test();
    clock.advanceTimeBy(maxVirtualSeconds, TimeUnit.SECONDS);
    result.assertComplete();
    return result.values().get(0);
  }

  @Test
  void aServerErrorIsRetriedAfterABackoffAndThenLaunched() {
    script.addAll(List.of(answer(Kind.TRANSIENT, 503, "HTTP_503"), answer(Kind.LAUNCHED, 200, null)));
    TestObserver<LeadResult> result = launcher(5).launch("lea_1", 1).test();

    clock.advanceTimeBy(249, TimeUnit.MILLISECONDS);
    assertThat(sent).isEqualTo(1);
    clock.advanceTimeBy(1, TimeUnit.SECONDS);

    assertThat(result.values().get(0).status()).isEqualTo(Status.LAUNCHED);
    assertThat(result.values().get(0).attempts()).isEqualTo(2);
    assertThat(stats.retryCount()).isEqualTo(1);
  }

  @Test
  void alreadyLaunchedAfterATimeoutMeansOurEarlierAttemptLaunchedIt() {
    script.addAll(List.of(ResponseClassifier.timeout(30_000), answer(Kind.ALREADY_LAUNCHED, 400,
        "CAMPAIGN_LEAD_REVIEW_LEAD_ALREADY_LAUNCHED")));

    LeadResult result = run(launcher(5), 10);

    assertThat(result.status()).isEqualTo(Status.LAUNCHED);
    assertThat(result.code()).isNull();
  }

  @Test
  void alreadyLaunchedForALeadAnEarlierRunSentIsLaunchedAndEverySendIsNotedFirst() {
    script.add(answer(Kind.ALREADY_LAUNCHED, 400, "CAMPAIGN_LEAD_REVIEW_LEAD_ALREADY_LAUNCHED"));
    java.util.List<String> noted = new java.util.ArrayList<>();
    SendTrace trace = new SendTrace() {
      @Override
      public boolean sentBefore(String leadId) {
        return leadId.equals("lea_1");
      }

      @Override
      public io.reactivex.rxjava3.core.Completable sending(String leadId) {
        return io.reactivex.rxjava3.core.Completable.fromAction(() -> {
          assertThat(sent).as("noted before the request leaves").isZero();
          noted.add(leadId);
        });
      }
    };
    LeadLauncher launcher = new LeadLauncher(scheduler, leadId -> Single.fromCallable(() -> {
      sent++;
      return script.removeFirst();
    }), control, stats, new RetryPolicy(5, 500, 30_000, 3), clock, trace);

    LeadResult result = run(launcher, 1);

    assertThat(result.status()).isEqualTo(Status.LAUNCHED);
    assertThat(noted).containsExactly("lea_1");
  }

  @Test
  void alreadyLaunchedOnTheFirstTryIsSkipped() {
    script.add(answer(Kind.ALREADY_LAUNCHED, 400, "CAMPAIGN_LEAD_REVIEW_LEAD_ALREADY_LAUNCHED"));

    LeadResult result = run(launcher(5), 1);

    assertThat(result.status()).isEqualTo(Status.SKIPPED);
    assertThat(result.code()).isEqualTo("CAMPAIGN_LEAD_REVIEW_LEAD_ALREADY_LAUNCHED");
  }

  @Test
  void afterItsRetriesALeadFailsWithTheLastCode() {
    script.addAll(List.of(ResponseClassifier.networkError(new java.io.IOException("reset"), 1),
        answer(Kind.TRANSIENT, 502, "HTTP_502"), answer(Kind.TRANSIENT, 500, "HTTP_500")));

    LeadResult result = run(launcher(2), 60);

    assertThat(result.status()).isEqualTo(Status.FAILED);
    assertThat(result.code()).isEqualTo("HTTP_500");
    assertThat(result.attempts()).isEqualTo(3);
  }

  @Test
  void unansweredRequestsInAStreakDoNotSpendTheLeadsRetries() {
    LeadLauncher launcher = launcher(1);
    script.add(answer(Kind.LAUNCHED, 200, null));
    run(launcher, 1);
    java.io.IOException refused = new java.io.IOException("Connection refused");
    script.addAll(List.of(ResponseClassifier.networkError(refused, 1), ResponseClassifier.networkError(refused, 1),
        ResponseClassifier.networkError(refused, 1), answer(Kind.LAUNCHED, 200, null)));

    LeadResult result = run(launcher, 30);

    // One retry allowed: the first failure spends it; from the second in a row lemlist looks down, which is free.
    assertThat(result.status()).isEqualTo(Status.LAUNCHED);
    assertThat(result.attempts()).isEqualTo(4);
  }

  @Test
  void rateLimitedAnswersDoNotUseUpRetriesButAreCapped() {
    Attempt tooMany = new Attempt(Kind.RATE_LIMITED, 429, "HTTP_429", null, new RateLimitHeaders(null, null, null, 1_000L), 1);
    script.addAll(List.of(tooMany, tooMany, answer(Kind.LAUNCHED, 200, null)));
    LeadResult launched = run(launcher(0), 10);
    assertThat(launched.status()).isEqualTo(Status.LAUNCHED);

    script.clear();
    for (int i = 0; i < 10; i++) {
      script.add(tooMany);
    }
    LeadResult capped = run(launcher(0), 60);
    assertThat(capped.code()).isEqualTo("TOO_MANY_429");
    assertThat(stats.rateLimitedCount()).isEqualTo(2 + 4);
  }

  @Test
  void aFatalAnswerStopsTheJobAndLaterLeadsAreAbortedUnsent() {
    script.add(answer(Kind.FATAL, 401, "HTTP_401"));
    LeadLauncher launcher = launcher(5);

    LeadResult first = run(launcher, 1);
    int sentBefore = sent;
    LeadResult second = run(launcher, 1);

    assertThat(first.code()).isEqualTo("HTTP_401");
    assertThat(control.isStopped()).isTrue();
    assertThat(second.code()).isEqualTo("ABORTED");
    assertThat(sent).isEqualTo(sentBefore);
  }

  @Test
  void aStopDuringABackoffAbortsAtOnceInsteadOfWaitingItOut() {
    script.add(answer(Kind.TRANSIENT, 503, "HTTP_503"));
    TestObserver<LeadResult> result = launcher(5).launch("lea_1", 1).test();
    clock.triggerActions();

    control.stop(StopReason.SIGNAL, "test");
    clock.triggerActions();

    result.assertComplete();
    assertThat(result.values().get(0).code()).isEqualTo("ABORTED");
  }

  @Test
  void aPausedJobSendsNothingUntilResumed() {
    script.add(answer(Kind.LAUNCHED, 200, null));
    control.pause();
    TestObserver<LeadResult> result = launcher(5).launch("lea_1", 1).test();
    clock.advanceTimeBy(10, TimeUnit.SECONDS);
    assertThat(sent).isZero();

    control.resume();
    clock.triggerActions();

    assertThat(result.values()).hasSize(1);
    assertThat(sent).isEqualTo(1);
  }

  @Test
  void theSendIsNotedBeforeThePermitIsAskedForSoTheNoteNeverDelaysAGrantedRequest() {
    SendTrace unwritten = new SendTrace() {
      @Override
      public boolean sentBefore(String leadId) {
        return false;
      }

      @Override
      public io.reactivex.rxjava3.core.Completable sending(String leadId) {
        return io.reactivex.rxjava3.core.Completable.never(); // the writer has not written it yet
      }
    };
    LeadLauncher launcher = new LeadLauncher(scheduler, leadId -> Single.fromCallable(() -> {
      sent++;
      return answer(Kind.LAUNCHED, 200, null);
    }), control, stats, new RetryPolicy(5, 500, 30_000, 3), clock, unwritten);

    launcher.launch("lea_1", 1).test();
    clock.advanceTimeBy(1, TimeUnit.SECONDS);

    assertThat(scheduler.requests()).as("no permit granted before the note is written").isZero();
    assertThat(sent).isZero();
  }
}
