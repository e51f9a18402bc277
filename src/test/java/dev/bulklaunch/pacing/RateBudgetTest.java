package dev.bulklaunch.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bulklaunch.config.RateSpec;
import dev.bulklaunch.ratelimit.RateLimitHeaders;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pacing arithmetic on a fake clock: times are plain numbers. */
class RateBudgetTest {

  private static final RateSpec RATE = RateSpec.parse("20/2s");
  private static final long MARGIN = 40;

  private static RateBudget budget() {
    return new RateBudget(RATE, MARGIN);
  }

  private static RateLimitHeaders remaining(int remaining, Long retryAfterMs) {
    return new RateLimitHeaders(20, remaining, null, retryAfterMs);
  }

  /** Sends whenever allowed, from time 0 until {@code endMs}, jumping the fake clock to each allowed moment. */
  private static List<Long> sendGreedily(RateBudget budget, long endMs) {
    List<Long> sends = new ArrayList<>();
    long now = 0;
    while (now < endMs) {
      long delay = budget.delayMs(now);
      if (delay > 0) {
        now += delay;
        continue;
      }
      budget.recordSend(now);
      sends.add(now);
    }
    return sends;
  }

  /** Reset as delta seconds rounded up, no Retry-After: "1" for any time left in (0, 1000] ms. */
  private static RateLimitHeaders deltaSecond(int remaining) {
    return new RateLimitHeaders(10, remaining, 1_000L, null, false, 1_000);
  }

  /**
   * The answer that opens a window dates its end to the millisecond. When the last window's last answer came just
   * before that window ended, its coarse Reset ("1") lay within a second of the new window's first answer's, which
   * was taken for a late answer of the ended window: the end went unknown, the next coarse Reset (up to a second
   * late) stood for it, and every other window opened ~750 ms late at 10 in flight. A request sent after the known
   * end cannot have been counted before it.
   */
  @Test
  void anAnswerToARequestSentAfterTheWindowsEndOpensTheNextOneEvenWhenItsCoarseResetLooksTheSame() {
    RateBudget budget = new RateBudget(RateSpec.parse("10/1s"), 10);
    for (int i = 1; i <= 10; i++) {
      budget.recordSend(0);
    }
    // Ten in flight: the answers come back all through the window, the last just before it ends (by 1,050).
    for (int seq = 1; seq <= 10; seq++) {
      budget.onResponse(seq, 0, 50 + 100 * (seq - 1), deltaSecond(10 - seq));
    }

    assertThat(budget.delayMs(1_060)).isZero();
    long opener = budget.recordSend(1_060);
    budget.onResponse(opener, 1_060, 1_100, deltaSecond(9)); // it opened the next window: that ends by 1,060 + 1,000
    long now = 1_100;
    for (int left = 8; left >= 1; left--) {
      now += budget.delayMs(now);
      long seq = budget.recordSend(now);
      budget.onResponse(seq, now, now + 40, deltaSecond(left));
    }

    // One left in the window, ours to send; after it, the window's end plus the margin, not a second's Reset later.
    now += budget.delayMs(now);
    budget.recordSend(now);
    assertThat(now + budget.delayMs(now)).isEqualTo(2_060 + 10);
  }

  @Test
  void aKeyTakenOverFromAnotherClusterMemberSendsNothingForAWholeWindow() {
    RateBudget budget = budget();
    budget.holdOneWindow(5_000);
    assertThat(budget.delayMs(5_000)).isEqualTo(2_000);
    assertThat(budget.delayMs(6_999)).isEqualTo(1);
    assertThat(budget.delayMs(7_000)).isZero();
  }

  @Test
  void neverMoreThanTheLimitInAnyWindowWithTheMarginToSpare() {
    List<Long> sends = sendGreedily(budget(), 20_000);

    for (int i = 0; i + 20 < sends.size(); i++) {
      assertThat(sends.get(i + 20) - sends.get(i)).isGreaterThanOrEqualTo(2_000 + MARGIN);
    }
  }

  @Test
  void sendsTheWholeBudgetAtEachWindowsStartLosingOnlyTheMargin() {
    List<Long> sends = sendGreedily(budget(), 20_000);

    // 20 per 2,040 ms over 20 s: 10 full windows.
    assertThat(sends).hasSize(20 * 10);
    assertThat(sends.subList(0, 20)).containsOnly(0L);
    assertThat(sends.get(20)).isEqualTo(2_000 + MARGIN);
  }

  @Test
  void anAnswerThatTookLongerThanUsualPushesItsSlotBackByTheExtraTime() {
    RateBudget budget = new RateBudget(RateSpec.parse("10/1s"), 10);
    for (int i = 0; i < 10; i++) {
      budget.onResponse(budget.recordSend(0), 0, 50, RateLimitHeaders.NONE);
    }
    // A first window of answers in 50 ms each: now "usual" is known. The second window's last answer takes 350 ms:
    // that request may have reached the server up to 300 ms late.
    assertThat(budget.delayMs(0)).isEqualTo(50 + 1_010);
    long last = 0;
    for (int i = 0; i < 10; i++) {
      last = budget.recordSend(1_060);
    }
    for (long seq = last - 9; seq < last; seq++) {
      budget.onResponse(seq, 1_060, 1_110, RateLimitHeaders.NONE);
    }
    budget.onResponse(last, 1_060, 1_410, RateLimitHeaders.NONE);

    for (int i = 0; i < 9; i++) {
      assertThat(budget.delayMs(2_070)).isZero();
      budget.recordSend(2_070);
    }
    assertThat(budget.delayMs(2_070)).isEqualTo(300);
  }

  @Test
  void untilAWindowOfAnswersHasShownWhatIsUsualTheWholeLatencyCounts() {
    RateBudget budget = new RateBudget(RateSpec.parse("2/1s"), 10);
    long first = budget.recordSend(0);
    budget.recordSend(0);

    budget.onResponse(first, 0, 120, RateLimitHeaders.NONE);

    assertThat(budget.delayMs(0)).isEqualTo(120 + 1_000 + 10);
  }

  /**
   * 2/1s, a fixed-window server stating Retry-After to the millisecond. Both requests leave at 0; the first
   * arrives at 5 and opens the server's window (to 1,005: Retry-After "1"), the second arrives at 10 ("0.995").
   * The second is answered at 20, the first only at 300.
   */
  private static RateBudget afterAQuickAndASlowAnswer(boolean serverStatesMilliseconds) {
    RateBudget budget = new RateBudget(RateSpec.parse("2/1s"), 10);
    long first = budget.recordSend(0);
    long second = budget.recordSend(0);
    budget.onResponse(second, 0, 20, new RateLimitHeaders(2, 0, null, 995L, serverStatesMilliseconds));
    budget.onResponse(first, 0, 300, new RateLimitHeaders(2, 1, null, 1_000L, false));
    return budget;
  }

  @Test
  void untilThenTheServersMillisecondStampShowsWhenARequestArrived() {
    // The quick answer puts the window's end at 1,015 at the latest, so the first arrived by 15: its slot frees a
    // window and the margin after that, not after its slow answer.
    assertThat(afterAQuickAndASlowAnswer(true).delayMs(0)).isEqualTo(15 + 1_000 + 10);
  }

  /**
   * A cold start takes its first answers in late (at the wire, the first request's answer was read ~150 ms after
   * it left, the quicker ones after it in time): the window's end, which the later, quicker answers bound to a few
   * milliseconds, bounds the first request's arrival as well. Its slot freed a window after its slow answer instead
   * (at the wire, the next window's first request left 60-80 ms later than the window's end and the margin allowed).
   */
  @Test
  void aQuickerAnswerTakenInAfterASlowOneBoundsTheSlowOnesArrivalToo() {
    RateBudget budget = new RateBudget(RateSpec.parse("2/1s"), 10);
    // The server's window ends at 1,005. The first request arrives at 5 and its answer is taken in at 300; the
    // second leaves at 280, arrives at 281 and is answered at 305.
    long first = budget.recordSend(0);
    budget.onResponse(first, 0, 300, new RateLimitHeaders(2, 1, null, 1_000L, true));
    long second = budget.recordSend(280);
    budget.onResponse(second, 280, 305, new RateLimitHeaders(2, 0, null, 724L, true));

    // The second answer puts the end at 1,029 at the latest, so the first arrived by 29.
    assertThat(budget.delayMs(305)).isEqualTo(29 + 1_000 + 10 - 305);
  }

  /**
   * Alone on its key, a cold launcher's first requests each open a connection and leave in no particular order:
   * requests granted earlier, written later, are counted by the server after later ones. Read by grant order, the
   * drops in Remaining between two answers then held more than ours, and the launcher saw a neighbour that was not
   * there: 2 of 100 keys in many-keys sent nothing for two windows (4.2 s) after their first 10 requests.
   */
  @Test
  void ourOwnRequestsWrittenLateAreNotTakenForSomeoneElses() {
    RateBudget budget = new RateBudget(RATE, MARGIN);
    for (int i = 0; i < 10; i++) {
      budget.recordSend(0);
    }
    // Requests 1-3 wait for their connections and leave at 60; 4-10 leave at once. The server counts 4-10 first.
    for (long seq = 1; seq <= 3; seq++) {
      budget.onWritten(seq, 0, 60);
    }
    int remaining = 20;
    for (long seq = 4; seq <= 10; seq++) {
      budget.onResponse(seq, 0, 100 + seq, new RateLimitHeaders(20, --remaining, 1_900L, null));
    }
    for (long seq = 1; seq <= 3; seq++) {
      budget.onResponse(seq, 60, 160 + seq, new RateLimitHeaders(20, --remaining, 1_840L, null));
    }
    // The next ten leave at 200 and are counted in order.
    long last = 0;
    for (int i = 0; i < 10; i++) {
      last = budget.recordSend(200);
    }
    for (long seq = last - 9; seq <= last; seq++) {
      budget.onResponse(seq, 200, 300 + seq, new RateLimitHeaders(20, --remaining, 1_700L, null));
    }

    assertThat(budget.othersPerSecond()).as("nobody else spends this key").isZero();
  }

  /**
   * What is known of when ours left is partial: here request 5 says it was written late, request 6, as late, has not
   * said so yet. Ordered by what is known, 6 and 7 left before 5 and the drop from 5 to 7 was someone else's: the
   * solo rows spread their first window over a second for that one phantom (0.916). Grant order counts them as ours.
   */
  @Test
  void whatIsKnownOfLateWritesNeverAddsANeighbourThatGrantOrderDoesNotShow() {
    RateBudget budget = new RateBudget(RATE, MARGIN);
    for (int i = 0; i < 6; i++) {
      budget.recordSend(0);
    }
    budget.onWritten(5, 0, 6); // 6 was written at 7 as well, and has not said so
    long seventh = budget.recordSend(10);
    budget.onResponse(5, 6, 40, new RateLimitHeaders(20, 15, 1_900L, null));
    budget.onResponse(seventh, 10, 45, new RateLimitHeaders(20, 13, 1_900L, null));

    assertThat(budget.othersPerSecond()).as("nobody else spends this key").isZero();
  }

  /**
   * With no stamp to go by (a sliding-window server states no Retry-After on a 200), the run's first answer, taken
   * in 112 ms after its request left while nothing showed what usual is, counted its whole latency as spent before
   * it arrived, and its slot, and the chain of every later one, freed 112 ms late. Once the window's answers show
   * that answers take up to 118 ms here, it is read as any of them: no later than usual.
   */
  @Test
  void aColdAnswerIsReadAsAnyOtherOnceTheWindowsAnswersShowWhatUsualIs() {
    RateBudget budget = new RateBudget(RateSpec.parse("100/1s"), 20);
    long first = budget.recordSend(0);
    budget.onResponse(first, 0, 112, new RateLimitHeaders(100, 99, 1_000L - 112, null));
    for (int i = 0; i < 99; i++) {
      long seq = budget.recordSend(1);
      long answeredAt = 1 + 20 + i;
      budget.onResponse(seq, 1, answeredAt, new RateLimitHeaders(100, 98 - i, 1_000L - answeredAt, null));
    }

    assertThat(budget.delayMs(200)).as("the first slot frees a window and the margin after it left")
        .isEqualTo(1_020 - 200);
  }

  @Test
  void onceWarmARequestTheStampShowsHeldUpOnItsWayInCountsFromItsArrival() {
    RateBudget budget = new RateBudget(RateSpec.parse("10/1s"), 10);
    for (int i = 0; i < 10; i++) {
      budget.onResponse(budget.recordSend(0), 0, 120, RateLimitHeaders.NONE); // "usual" is 120 ms now
    }
    // The second window opens at 1,010 and ends at 2,010. Nine requests leave at 1,010 and arrive at once; the
    // tenth leaves at 1,010 too but waits 80 ms on our side before it goes out (a busy event loop): it arrives at
    // 1,090 and is answered at 1,110, quicker than usual, so its latency alone does not show the wait.
    long last = 0;
    for (int i = 0; i < 10; i++) {
      last = budget.recordSend(1_010);
    }
    for (long seq = last - 9; seq < last; seq++) {
      budget.onResponse(seq, 1_010, 1_030, new RateLimitHeaders(10, 0, null, 1_000L, true));
    }
    budget.onResponse(last, 1_010, 1_110, new RateLimitHeaders(10, 0, null, 920L, true));

    for (int i = 0; i < 9; i++) {
      assertThat(budget.delayMs(2_020)).isZero();
      budget.recordSend(2_020);
    }
    assertThat(budget.delayMs(2_020)).as("its slot frees a window and the margin after it arrived")
        .isEqualTo(1_090 + 1_000 + 10 - 2_020);
  }

  @Test
  void wholeSecondsAloneAreNoStamp() {
    // A server that never stated Retry-After to the millisecond may round it: the whole latency counts.
    assertThat(afterAQuickAndASlowAnswer(false).delayMs(0)).isEqualTo(300 + 1_000 + 10);
  }

  @Test
  void aBurstIsDrawnOutByTheMinimumGap() {
    RateBudget budget = new RateBudget(RATE, MARGIN, 2);

    List<Long> sends = sendGreedily(budget, 2_100);

    assertThat(sends.subList(0, 20)).containsExactly(0L, 2L, 4L, 6L, 8L, 10L, 12L, 14L, 16L, 18L, 20L, 22L, 24L, 26L,
        28L, 30L, 32L, 34L, 36L, 38L);
    assertThat(sends.get(20)).isEqualTo(2_000 + MARGIN);
    assertThat(RateBudget.forRate(RateSpec.parse("100000/1s")).delayMs(0)).isZero();
  }

  @Test
  void afterA429SendsKeepTheLimitsEvenSpacing() {
    RateBudget budget = new RateBudget(RateSpec.parse("100/1s"), 20, 2);
    assertThat(budget.gapMs()).isEqualTo(2);
    long first = budget.recordSend(0);
    budget.onRateLimited(first, 0, 1, new RateLimitHeaders(null, null, null, 1_000L));
    assertThat(budget.gapMs()).isEqualTo(10);

    budget.recordSend(2_000);
    assertThat(budget.delayMs(2_000)).isEqualTo(10);
    assertThat(budget.delayMs(2_010)).isZero();
  }

  @Test
  void theEvenSpacingEndsOnceTheKeyWasIdleAWholeWindowAfterTheHold() {
    RateBudget budget = new RateBudget(RateSpec.parse("100/1s"), 20, 2);
    long first = budget.recordSend(0);
    budget.onRateLimited(first, 0, 1, new RateLimitHeaders(null, null, null, 5_000L));

    budget.recordSend(5_100); // right after a hold longer than a window: still cautious
    assertThat(budget.gapMs()).isEqualTo(10);
    budget.recordSend(6_099); // 999 ms after the last send: not a whole window
    assertThat(budget.gapMs()).isEqualTo(10);

    budget.recordSend(7_099); // a later job, a whole window after the last send: bursts again
    assertThat(budget.gapMs()).isEqualTo(2);
    assertThat(budget.delayMs(7_101)).isZero();
  }

  @Test
  void a429HoldsEverySendUntilItsRetryAfterHasPassed() {
    RateBudget budget = budget();
    long seq = budget.recordSend(0);

    budget.onRateLimited(seq, 0, 100, new RateLimitHeaders(null, null, null, 1_500L));

    assertThat(budget.delayMs(100)).isEqualTo(1_500 + MARGIN);
    assertThat(budget.delayMs(1_599)).isPositive();
    assertThat(budget.delayMs(1_600 + MARGIN)).isZero();
  }

  @Test
  void a429WithoutRetryAfterWaitsForTheResetOrOneWindow() {
    RateBudget withReset = budget();
    withReset.onRateLimited(withReset.recordSend(0), 0, 0, new RateLimitHeaders(20, 0, 700L, null));
    RateBudget withNothing = budget();
    withNothing.onRateLimited(withNothing.recordSend(0), 0, 0, RateLimitHeaders.NONE);

    assertThat(withReset.delayMs(0)).isEqualTo(700 + MARGIN);
    assertThat(withNothing.delayMs(0)).isEqualTo(2_000 + MARGIN);
  }

  @Test
  void remainingZeroFromTheServerWaitsForItsReset() {
    RateBudget budget = budget();
    long seq = budget.recordSend(0);

    // Someone else spent the key: after our first request the server has nothing left for 1.2 s.
    budget.onResponse(seq, 0, 50, remaining(0, 1_200L));

    assertThat(budget.delayMs(50)).isEqualTo(1_200 + MARGIN);
    assertThat(budget.delayMs(1_250 + MARGIN)).isZero();
  }

  @Test
  void requestsSentAfterTheServersAnswerAreAlreadySpokenFor() {
    RateBudget budget = budget();
    long first = budget.recordSend(0);
    budget.recordSend(1);
    budget.recordSend(2);

    budget.onResponse(first, 0, 30, remaining(2, 1_000L));

    assertThat(budget.delayMs(30)).isEqualTo(1_000 + MARGIN);
  }

  @Test
  void aStaleAnswerOfAnEarlierRequestDoesNotOverrideANewerOne() {
    RateBudget budget = budget();
    long first = budget.recordSend(0);
    long second = budget.recordSend(1);

    budget.onResponse(second, 1, 20, remaining(0, 1_000L));
    budget.onResponse(first, 0, 30, remaining(10, 1_000L));

    assertThat(budget.delayMs(30)).isPositive();
  }

  /** Records {@code count} sends {@code stepMs} apart from {@code fromMs}; returns the last one's sequence number. */
  private static long sendEvery(RateBudget budget, long fromMs, long stepMs, int count) {
    long last = 0;
    for (int i = 0; i < count; i++) {
      last = budget.recordSend(fromMs + i * stepMs);
    }
    return last;
  }

  /**
   * 100/1s: one request, whose answer says 90 left; 20 more of ours, 25 ms apart; the last one's answer, at 510,
   * says 45 left and a reset in 490 ms: between the two sends someone else spent 25 in 500 ms.
   */
  private static RateBudget afterANeighbourSpent50PerSecond() {
    RateBudget budget = new RateBudget(RateSpec.parse("100/1s"), 20);
    long first = budget.recordSend(0);
    budget.onResponse(first, 0, 10, new RateLimitHeaders(100, 90, null, 990L));
    long last = sendEvery(budget, 25, 25, 20);
    budget.onResponse(last, 500, 510, new RateLimitHeaders(100, 45, null, 490L));
    return budget;
  }

  @Test
  void othersSpendingIsEstimatedFromRemainingAndHeldBack() {
    RateBudget budget = afterANeighbourSpent50PerSecond();

    assertThat(budget.othersPerSecond()).isCloseTo(50, within(2.0));
    // Ours of the window (about 19, below) are spread until its reset: the next leaves about 490 / 20 ms after our last.
    assertThat(budget.delayMs(510)).isBetween(10L, 30L);
    // 38 more of ours: 45 - 38 = 7 left by the server's count, less what others spend until the reset (490 ms
    // after 510): wait for the reset plus the margin.
    for (int i = 0; i < 38; i++) {
      budget.recordSend(510);
    }
    assertThat(budget.delayMs(520)).isEqualTo(510 + 490 + 20 - 520);
  }

  @Test
  void whatOthersWillSpendUntilTheResetIsLeftToThem() {
    RateBudget budget = afterANeighbourSpent50PerSecond();
    assertThat(budget.othersPerSecond()).isCloseTo(50, within(2.0));

    // 45 left by the server's count, ~0.5 of them spent by the others while that answer travelled, ~24.5 more
    // until the reset 490 ms from now, one of slack: about 19 are ours, spread evenly until the reset.
    List<Long> ours = new ArrayList<>();
    long now = 510;
    while (now < 1_000) {
      long delay = budget.delayMs(now);
      if (delay == 0) {
        budget.recordSend(now);
        ours.add(now);
      }
      now += Math.max(1, delay);
    }
    assertThat(ours).hasSizeBetween(18, 20);
    assertThat(ours.get(ours.size() / 2)).as("the middle one").isBetween(700L, 800L);
    assertThat(ours.get(ours.size() - 1)).isLessThan(1_000L);
  }

  @Test
  void othersAreNeverLeftMoreThanNineTenthsOfAWindow() {
    // The neighbour is another launcher that spent 45 in the first 200 ms and then nothing: seen from the start of
    // the window (0.225/ms) it would be left 0.9 of a window; the estimate never exceeds that, so a tenth stays ours.
    RateBudget budget = new RateBudget(RateSpec.parse("100/1s"), 20);
    long first = budget.recordSend(0);
    budget.onResponse(first, 0, 10, new RateLimitHeaders(100, 99, null, 990L));
    long last = sendEvery(budget, 20, 20, 9);
    budget.onResponse(last, 180, 190, new RateLimitHeaders(100, 99 - 9 - 45, null, 810L));
    assertThat(budget.othersPerSecond()).isCloseTo(90, within(0.5));
  }

  @Test
  void othersSpendingIsEstimatedOverEarlierWindowsTooNotFromOneGlimpse() {
    RateBudget budget = new RateBudget(RateSpec.parse("100/1s"), 20);
    // Window 1: 10 of ours over 100 ms, and 6 of the neighbour's (60/s by this glimpse alone).
    long first = budget.recordSend(0);
    budget.onResponse(first, 0, 10, new RateLimitHeaders(100, 99, null, 990L));
    long last = sendEvery(budget, 10, 10, 10);
    budget.onResponse(last, 100, 110, new RateLimitHeaders(100, 99 - 10 - 6, null, 890L));
    assertThat(budget.othersPerSecond()).isCloseTo(60, within(0.5));

    // Window 2: the same, with 4 of the neighbour's (40/s alone); the first window counts at half weight.
    first = budget.recordSend(1_010);
    budget.onResponse(first, 1_010, 1_020, new RateLimitHeaders(100, 99, null, 990L));
    last = sendEvery(budget, 1_020, 10, 10);
    budget.onResponse(last, 1_110, 1_120, new RateLimitHeaders(100, 99 - 10 - 4, null, 890L));
    assertThat(budget.othersPerSecond()).isCloseTo((3 + 4) / 0.150, within(0.5));
  }

  @Test
  void aloneOnTheKeyNoOtherSpendingIsInferredFromOutOfOrderAnswers() {
    RateBudget budget = new RateBudget(RateSpec.parse("100/1s"), 20);
    long s1 = budget.recordSend(0);
    long s2 = budget.recordSend(100);
    long s3 = budget.recordSend(101);
    budget.onResponse(s1, 0, 30, new RateLimitHeaders(100, 97, null, 970L));
    // s3 arrived before s2: its answer saw both s1 and s3 but not yet s2.
    budget.onResponse(s3, 101, 240, new RateLimitHeaders(100, 98, null, 860L));
    budget.onResponse(s2, 100, 250, new RateLimitHeaders(100, 97, null, 850L));

    assertThat(budget.othersPerSecond()).isZero();
  }

  /**
   * A campaign export's answer takes longer than a launch's (its headers come after the server has begun the
   * export, on a connection of its own). Counted as a usual answer time, it made later launch answers that were
   * slow because their request arrived late look usual, so they were counted from their send: measured against
   * the simulator, 21 requests in one 2-second window after one export, 25 after two.
   */
  @Test
  void aSlowReadAnswerDoesNotHideALaunchThatArrivedLate() {
    assertThat(timeOfSend42(false)).isEqualTo(3_040 - 50 + 2_000 + MARGIN);
    assertThat(timeOfSend42(true)).as("the read taken as a usual answer").isEqualTo(2_640 + 2_000 + MARGIN);
  }

  /** Read (seq 1) and 19 launches at 0; the read answers at 600, the launches at 50; seq 22 answers late. */
  private static long timeOfSend42(boolean readIsUsualWork) {
    RateBudget budget = budget();
    for (int i = 0; i < 20; i++) {
      budget.recordSend(0);
    }
    for (long seq = 2; seq <= 20; seq++) {
      budget.onResponse(seq, 0, 50, RateLimitHeaders.NONE);
    }
    budget.onResponse(1, 0, 600, RateLimitHeaders.NONE, readIsUsualWork);
    long now = budget.delayMs(0);
    budget.recordSend(now); // seq 21
    budget.recordSend(now); // seq 22
    budget.onResponse(21, now, now + 50, RateLimitHeaders.NONE);
    budget.onResponse(22, now, now + 400, RateLimitHeaders.NONE);
    long sent = 22;
    while (true) {
      long delay = budget.delayMs(now);
      if (delay > 0) {
        now += delay;
        continue;
      }
      budget.recordSend(now);
      if (++sent == 42) {
        return now;
      }
    }
  }
}
