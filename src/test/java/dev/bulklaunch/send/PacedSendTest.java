package dev.bulklaunch.send;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulklaunch.lemlist.Attempt;
import dev.bulklaunch.lemlist.Attempt.Kind;
import dev.bulklaunch.lemlist.ReadAnswer;
import dev.bulklaunch.pacing.AnswerReport;
import dev.bulklaunch.pacing.Permit;
import dev.bulklaunch.pacing.PermitSource;
import dev.bulklaunch.ratelimit.RateLimitHeaders;
import dev.bulklaunch.launch.JobControl;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.subjects.SingleSubject;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Campaign reads through the one paced send, against scripted answers and a recording permit source. */
class PacedSendTest {

  private final TestScheduler clock = new TestScheduler();
  private final List<AnswerReport> reports = new ArrayList<>();
  private final Deque<Attempt> script = new ArrayDeque<>();
  private int sent;

  private final PermitSource permits = new PermitSource() {
    private long seq;

    @Override
    public Single<Permit> acquire() {
      return Single.just(new Permit(++seq, clock.now(TimeUnit.MILLISECONDS)));
    }

    @Override
    public Single<Boolean> report(Permit permit, AnswerReport answer) {
      reports.add(answer);
      return Single.just(false);
    }

    @Override
    public void written(Permit permit, long afterMs) {
      writtenLate.add(afterMs);
    }

    @Override
    public void abandon(Permit permit) {
    }
  };
  private final List<Long> writtenLate = new ArrayList<>();

  private TestObserver<ReadAnswer> read(RetryPolicy retry) {
    return PacedSend.reads(permits, retry, clock).read(() -> Single.fromCallable(() -> {
      sent++;
      return new ReadAnswer(script.removeFirst(), null, "");
    })).test();
  }

  private static Attempt answer(Kind kind, int http) {
    return new Attempt(kind, http, "HTTP_" + http, "m", RateLimitHeaders.NONE, 5);
  }

  @Test
  void aReadWaitsOutA429AndRetriesA5xxThenEmitsTheAnswer() {
    script.addAll(List.of(answer(Kind.RATE_LIMITED, 429), answer(Kind.TRANSIENT, 503), answer(Kind.LAUNCHED, 200)));

    TestObserver<ReadAnswer> result = read(new RetryPolicy(1, 500, 30_000, 5));
    clock.advanceTimeBy(1, TimeUnit.SECONDS);

    assertThat(result.values()).hasSize(1);
    assertThat(result.values().get(0).status()).isEqualTo(200);
    assertThat(sent).isEqualTo(3);
    assertThat(reports).extracting(AnswerReport::http).containsExactly(429, 503, 200);
    assertThat(reports).allMatch(AnswerReport::read);
  }

  @Test
  void aReadThatRunsOutOfRetriesEmitsItsLastAnswer() {
    script.addAll(List.of(answer(Kind.TRANSIENT, 503), answer(Kind.TRANSIENT, 502)));

    TestObserver<ReadAnswer> result = read(new RetryPolicy(1, 500, 30_000, 5));
    clock.advanceTimeBy(1, TimeUnit.SECONDS);

    assertThat(result.values()).extracting(ReadAnswer::status).containsExactly(502);
    assertThat(sent).isEqualTo(2);
  }

  @Test
  void aRequestWrittenAtOnceSaysNothingBeforeItsAnswer() {
    Attempt launched = new Attempt(Kind.LAUNCHED, 200, null, null, RateLimitHeaders.NONE, 100);
    PacedSend.launches(permits, RetryPolicy.withRetries(0), clock, SendControl.NONE, SendObserver.NONE)
        .send(written -> Single.fromCallable(() -> {
          written.run();
          return launched;
        }).delay(100, TimeUnit.MILLISECONDS, clock), a -> a, new Tries(false))
        .test();
    clock.advanceTimeBy(100, TimeUnit.MILLISECONDS);

    assertThat(reports).hasSize(1);
    assertThat(writtenLate).isEmpty();
  }

  @Test
  void theTimeFromPermitToWriteIsReportedApartFromTheAnswersLatency() {
    // the request waits 300 ms before it is written (a busy loop, a writer's hop), then lemlist answers in 100 ms
    Attempt launched = new Attempt(Kind.LAUNCHED, 200, null, null, RateLimitHeaders.NONE, 100);
    TestObserver<PacedSend.Sent<Attempt>> result = PacedSend.launches(permits, RetryPolicy.withRetries(0), clock,
            SendControl.NONE, SendObserver.NONE)
        .send(written -> Single.timer(300, TimeUnit.MILLISECONDS, clock).doOnSuccess(tick -> written.run())
            .delay(100, TimeUnit.MILLISECONDS, clock).map(tick -> launched), a -> a, new Tries(false))
        .test();
    clock.advanceTimeBy(400, TimeUnit.MILLISECONDS);

    assertThat(result.values()).hasSize(1);
    assertThat(writtenLate).as("told at the write, before the answer").containsExactly(300L);
    assertThat(reports).singleElement().satisfies(report -> {
      assertThat(report.latencyMs()).isEqualTo(100);
      assertThat(report.writtenAfterMs()).isEqualTo(300);
    });
  }

  @Test
  void aPauseHoldsALeadStillWaitingForItsPermitUntilResumed() {
    // the key's budget is spent: the permit comes later, by which time the job was paused
    List<SingleSubject<Permit>> asked = new ArrayList<>();
    List<Permit> abandoned = new ArrayList<>();
    PermitSource slow = new PermitSource() {
      @Override
      public Single<Permit> acquire() {
        SingleSubject<Permit> grant = SingleSubject.create();
        asked.add(grant);
        return grant.doOnDispose(() -> abandoned.add(null));
      }

      @Override
      public Single<Boolean> report(Permit permit, AnswerReport answer) {
        return Single.just(false);
      }

      @Override
      public void written(Permit permit, long afterMs) {
      }

      @Override
      public void abandon(Permit permit) {
      }
    };
    JobControl control = new JobControl();
    Attempt launched = new Attempt(Kind.LAUNCHED, 200, null, null, RateLimitHeaders.NONE, 5);
    TestObserver<PacedSend.Sent<Attempt>> result = PacedSend.launches(slow, RetryPolicy.withRetries(0), clock, control,
            SendObserver.NONE)
        .send(written -> Single.fromCallable(() -> {
          sent++;
          return launched;
        }), a -> a, new Tries(false))
        .test();
    assertThat(asked).hasSize(1);

    control.pause();
    asked.get(0).onSuccess(new Permit(1, 0));
    assertThat(sent).as("nothing is written while paused").isZero();
    assertThat(abandoned).as("the wait for a permit is given up at the pause").hasSize(1);
    assertThat(result.values()).isEmpty();

    control.resume();
    assertThat(asked).as("asked again on resume").hasSize(2);
    asked.get(1).onSuccess(new Permit(2, 0));
    assertThat(sent).isEqualTo(1);
    assertThat(result.values()).singleElement().satisfies(done -> assertThat(done.answer()).isEqualTo(launched));
  }
}
