package dev.bulklaunch.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulklaunch.config.RateSpec;
import dev.bulklaunch.ratelimit.RateLimitHeaders;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The scheduler on RxJava's virtual clock: no real time passes. */
class KeySchedulerTest {

  private final TestScheduler clock = new TestScheduler();
  private final KeyScheduler scheduler = new KeyScheduler(new RateBudget(RateSpec.parse("5/1s"), 10), clock);

  private List<TestObserver<Permit>> ask(int n) {
    List<TestObserver<Permit>> permits = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      permits.add(scheduler.acquire().test());
    }
    clock.triggerActions();
    return permits;
  }

  private static long granted(List<TestObserver<Permit>> permits) {
    return permits.stream().filter(p -> p.values().size() == 1).count();
  }

  @Test
  void grantsTheBudgetAtOnceThenOneMoreAsEachWindowSlides() {
    List<TestObserver<Permit>> permits = ask(7);

    assertThat(granted(permits)).isEqualTo(5);
    clock.advanceTimeBy(1_009, TimeUnit.MILLISECONDS);
    assertThat(granted(permits)).isEqualTo(5);
    clock.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    assertThat(granted(permits)).isEqualTo(7);
  }

  /**
   * Issue 17 (many-keys under load, 21 in one window at the wire): a request written late, whose answer came back
   * after its place in the window had been granted again. Told at once that it was written late, the scheduler
   * counts it from then, answer or not.
   */
  @Test
  void aRequestWrittenLateIsCountedFromItsWriteBeforeItsAnswerComes() {
    List<TestObserver<Permit>> first = ask(5);
    clock.advanceTimeBy(300, TimeUnit.MILLISECONDS);
    scheduler.written(first.get(0).values().get(0), 300); // its connection's loop wrote it only now
    clock.triggerActions();

    List<TestObserver<Permit>> next = ask(2);
    clock.advanceTimeBy(1_010 - 300, TimeUnit.MILLISECONDS);
    assertThat(granted(next)).as("a window and the margin after the grants: the one written late still counts").isEqualTo(0);
    clock.advanceTimeBy(300, TimeUnit.MILLISECONDS);
    assertThat(granted(next)).as("and the late one only a window and the margin after its write").isEqualTo(2);
  }

  @Test
  void aRequestWrittenWithinTheMarginKeepsItsCount() {
    List<TestObserver<Permit>> first = ask(5);
    clock.advanceTimeBy(10, TimeUnit.MILLISECONDS);
    scheduler.written(first.get(0).values().get(0), 10);
    List<TestObserver<Permit>> next = ask(1);
    clock.advanceTimeBy(1_000, TimeUnit.MILLISECONDS);
    assertThat(granted(next)).isEqualTo(1);
  }

  @Test
  void answersAreCountedByHttpStatusClass() {
    List<Permit> permits = ask(5).stream().map(p -> p.values().get(0)).toList();
    int[] statuses = {200, 400, 429, 503, 0};
    for (int i = 0; i < permits.size(); i++) {
      scheduler.report(permits.get(i), AnswerReport.launch(statuses[i], RateLimitHeaders.NONE, 5)).test();
    }
    clock.triggerActions();

    for (AnswerClass answerClass : AnswerClass.values()) {
      assertThat(scheduler.answers(answerClass)).as(answerClass.label()).isEqualTo(1);
    }
    assertThat(AnswerClass.of(204)).isEqualTo(AnswerClass.OK);
    assertThat(AnswerClass.of(404).label()).isEqualTo("4xx");
    assertThat(AnswerClass.of(502).label()).isEqualTo("5xx");
  }

  @Test
  void permitsGoOutInTheOrderTheyWereAskedFor() {
    List<TestObserver<Permit>> permits = ask(8);
    clock.advanceTimeBy(2, TimeUnit.SECONDS);

    List<Long> seqs = permits.stream().map(p -> p.values().get(0).seq()).toList();
    assertThat(seqs).isSorted();
  }

  @Test
  void a429HoldsEveryWaitingRequestUntilRetryAfter() {
    List<TestObserver<Permit>> first = ask(1);
    Permit permit = first.get(0).values().get(0);
    scheduler.report(permit, AnswerReport.launch(429, new RateLimitHeaders(null, null, null, 3_000L), 5)).test();
    clock.triggerActions();

    List<TestObserver<Permit>> waiting = ask(3);
    clock.advanceTimeBy(3_000, TimeUnit.MILLISECONDS);
    assertThat(granted(waiting)).isZero();
    clock.advanceTimeBy(10, TimeUnit.MILLISECONDS);
    assertThat(granted(waiting)).as("the first at once").isEqualTo(1);
    clock.advanceTimeBy(400, TimeUnit.MILLISECONDS);
    assertThat(granted(waiting)).as("the rest at the limit's even spacing, 200 ms").isEqualTo(3);
  }

  @Test
  void whileLemlistIsDownOnlyOneProbeIsOutAtATime() {
    Permit first = ask(1).get(0).values().get(0);
    scheduler.report(first, AnswerReport.launch(200, RateLimitHeaders.NONE, 5)).test();
    List<Permit> failing = ask(4).stream().map(p -> p.values().get(0)).toList();
    clock.advanceTimeBy(2, TimeUnit.SECONDS);
    Permit fifth = ask(1).get(0).values().get(0);
    for (Permit p : List.of(failing.get(0), failing.get(1), failing.get(2), failing.get(3), fifth)) {
      scheduler.report(p, AnswerReport.launch(0, RateLimitHeaders.NONE, 500)).test();
    }
    clock.triggerActions();

    List<TestObserver<Permit>> waiting = ask(3);
    clock.advanceTimeBy(999, TimeUnit.MILLISECONDS);
    assertThat(granted(waiting)).as("the first probe goes a second into the outage").isZero();
    clock.advanceTimeBy(1, TimeUnit.SECONDS);
    assertThat(granted(waiting)).isEqualTo(1);
    clock.advanceTimeBy(10, TimeUnit.SECONDS);
    assertThat(granted(waiting)).as("no second probe before the first is answered").isEqualTo(1);

    TestObserver<Boolean> down = scheduler.report(waiting.get(0).values().get(0),
        AnswerReport.launch(200, RateLimitHeaders.NONE, 5)).test();
    clock.triggerActions();
    down.assertValue(false);
    assertThat(granted(waiting)).isEqualTo(3);
  }

  @Test
  void aCancelledRequestGivesUpItsPlace() {
    List<TestObserver<Permit>> permits = ask(6);
    permits.get(5).dispose();
    TestObserver<Permit> later = scheduler.acquire().test();
    clock.advanceTimeBy(1_010, TimeUnit.MILLISECONDS);

    assertThat(later.values()).hasSize(1);
    assertThat(later.values().get(0).seq()).isEqualTo(6);
  }

  @Test
  void a429ReadTogetherWithOtherEventsHoldsARequestThatAskedBeforeItWasTakenIn() {
    List<TestObserver<Permit>> sent = ask(2);
    clock.advanceTimeBy(10, TimeUnit.MILLISECONDS);

    // One batch of events, as the event loop reads them: a 200, a request asking to go, then a 429.
    scheduler.report(sent.get(0).values().get(0), AnswerReport.launch(200, RateLimitHeaders.NONE, 5)).test();
    TestObserver<Permit> asking = scheduler.acquire().test();
    scheduler.report(sent.get(1).values().get(0), AnswerReport.launch(429, new RateLimitHeaders(null, null, null, 1_000L), 5)).test();
    clock.triggerActions();

    assertThat(asking.values()).as("granted before the 429 of the same batch was taken in").isEmpty();
    clock.advanceTimeBy(1_010, TimeUnit.MILLISECONDS);
    assertThat(asking.values()).hasSize(1);
  }

  private static final AnswerReport LAUNCHED = AnswerReport.launch(200, RateLimitHeaders.NONE, 5);

  @Test
  void neverMorePermitsOutThanTheKeysConnectionsCarry() {
    KeyScheduler capped = new KeyScheduler(new RateBudget(RateSpec.parse("100/1s"), 10), clock, 3);
    List<TestObserver<Permit>> permits = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      permits.add(capped.acquire().test());
    }
    clock.advanceTimeBy(100, TimeUnit.MILLISECONDS);

    assertThat(granted(permits)).as("the budget allows all six; three connections carry three").isEqualTo(3);
    assertThat(capped.inFlight()).isEqualTo(3);
    assertThat(capped.waiting()).isEqualTo(3);

    capped.report(permits.get(0).values().get(0), LAUNCHED).test();
    capped.abandon(permits.get(1).values().get(0));
    clock.advanceTimeBy(10, TimeUnit.MILLISECONDS);
    assertThat(granted(permits)).as("an answer and an abandoned request each free a place").isEqualTo(5);

    capped.report(permits.get(0).values().get(0), LAUNCHED).test();
    capped.abandon(permits.get(2).values().get(0));
    capped.report(permits.get(2).values().get(0), LAUNCHED).test();
    clock.advanceTimeBy(10, TimeUnit.MILLISECONDS);
    assertThat(granted(permits)).as("a permit frees its place once, however often it is fed back").isEqualTo(6);
    assertThat(capped.inFlight()).isEqualTo(3);
    assertThat(capped.requests()).isEqualTo(6);
  }

  @Test
  void jobsOnOneKeyTakeTurnsWhateverTheOrderTheyAsked() {
    KeyScheduler.Lane first = scheduler.newLane();
    KeyScheduler.Lane second = scheduler.newLane();
    List<TestObserver<Permit>> firsts = new ArrayList<>();
    List<TestObserver<Permit>> seconds = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      firsts.add(first.acquire().test());
    }
    for (int i = 0; i < 2; i++) {
      seconds.add(second.acquire().test());
    }
    clock.triggerActions();

    // 5 per second: the first job asked for eight before the second asked for two, yet the second's two go within
    // the first five.
    assertThat(granted(firsts)).isEqualTo(3);
    assertThat(granted(seconds)).isEqualTo(2);
    clock.advanceTimeBy(1_010, TimeUnit.MILLISECONDS);
    assertThat(granted(firsts)).isEqualTo(8);
  }

  @Test
  void countsWhatOtherViewsRead() {
    List<TestObserver<Permit>> permits = ask(3);
    scheduler.report(permits.get(0).values().get(0), AnswerReport.launch(200, new RateLimitHeaders(5, 4, null, null), 5)).test();
    scheduler.report(permits.get(1).values().get(0), AnswerReport.launch(429, new RateLimitHeaders(5, 0, null, 1_000L), 5)).test();
    clock.triggerActions();

    assertThat(scheduler.requests()).isEqualTo(3);
    assertThat(scheduler.inFlight()).isEqualTo(1);
    assertThat(scheduler.rateLimited()).isEqualTo(1);
    assertThat(scheduler.lastRemaining()).isZero();
  }

  /**
   * Issue 17: a permit's request written late (a busy event loop, a wait for a pooled connection) reaches the
   * server late, so the request a whole budget after it must wait a window from the write, not from the grant. Under
   * heavy-tailed latency the slowest recent answer ("usual") is long enough to hide such a wait inside an answer
   * time that looks ordinary: the sender's report of the wait is what shows it.
   */
  @Test
  void aRequestWrittenLateCountsInTheWindowFromItsWrite() {
    List<Permit> first = ask(5).stream().map(p -> p.values().get(0)).toList();
    clock.advanceTimeTo(800, TimeUnit.MILLISECONDS);
    first.forEach(permit -> scheduler.report(permit, AnswerReport.launch(200, RateLimitHeaders.NONE, 800)).test());
    clock.triggerActions(); // usual latency is 800 ms now; the next five leave once the first five are a window old
    List<TestObserver<Permit>> second = ask(5);
    clock.advanceTimeTo(1_810, TimeUnit.MILLISECONDS);
    List<Permit> next = second.stream().map(p -> p.values().get(0)).toList();
    assertThat(next).allMatch(permit -> permit.grantedAtMs() == 1_810);

    clock.advanceTimeTo(2_210, TimeUnit.MILLISECONDS);
    // the first of them was written 300 ms after its grant and answered 100 ms later: 400 ms, well under "usual"
    scheduler.report(next.get(0), new AnswerReport(200, RateLimitHeaders.NONE, 100, false, 300)).test();
    next.subList(1, 5).forEach(permit ->
        scheduler.report(permit, AnswerReport.launch(200, RateLimitHeaders.NONE, 400)).test());
    List<TestObserver<Permit>> third = ask(2);

    clock.advanceTimeTo(2_110 + 1_009, TimeUnit.MILLISECONDS); // a window and the margin after the grant had passed
    assertThat(granted(third)).isZero();
    clock.advanceTimeTo(2_110 + 1_010, TimeUnit.MILLISECONDS);
    assertThat(granted(third)).isEqualTo(2);
  }
}
