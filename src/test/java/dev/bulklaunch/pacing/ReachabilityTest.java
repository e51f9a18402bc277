package dev.bulklaunch.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReachabilityTest {

  private final Reachability reachability = new Reachability();

  private void failInARow(int n, long startSeq, long nowMs) {
    for (int i = 0; i < n; i++) {
      reachability.answered(startSeq + i, false, nowMs);
    }
  }

  @Test
  void aServerThatNeverAnsweredIsNotAnOutageLeadsFailOnTheirOwnRetries() {
    failInARow(50, 1, 0);

    assertThat(reachability.inOutage()).isFalse();
    assertThat(reachability.nextAllowedMs()).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void fiveUnansweredRequestsInARowAfterAnAnswerStartAnOutage() {
    reachability.answered(1, true, 0);
    failInARow(4, 2, 100);
    assertThat(reachability.inOutage()).isFalse();

    reachability.answered(6, false, 100);

    assertThat(reachability.inOutage()).isTrue();
    assertThat(reachability.nextAllowedMs()).isEqualTo(100 + Reachability.FIRST_PROBE_MS);
  }

  @Test
  void oneProbeAtATimeAndEachFailedProbeDoublesTheWait() {
    reachability.answered(1, true, 0);
    failInARow(5, 2, 0);

    reachability.sent(10);
    assertThat(reachability.nextAllowedMs()).isEqualTo(Long.MAX_VALUE);
    reachability.answered(7, false, 500); // a request from before the outage: not the probe
    assertThat(reachability.nextAllowedMs()).isEqualTo(Long.MAX_VALUE);
    reachability.answered(10, false, 1_000);
    assertThat(reachability.nextAllowedMs()).isEqualTo(1_000 + 2_000);
  }

  @Test
  void anAnswerToARequestSentBeforeTheStreakDoesNotBreakIt() {
    reachability.answered(1, true, 0);
    failInARow(3, 10, 0);
    reachability.answered(5, true, 10); // sent before request 10, answered late

    failInARow(2, 13, 20);

    assertThat(reachability.inOutage()).isTrue();
  }

  @Test
  void aStreakLooksDownOnlyForAServerThatAnsweredBefore() {
    failInARow(3, 1, 0);
    assertThat(reachability.looksDown()).isFalse();

    reachability.answered(4, true, 0);
    reachability.answered(5, false, 0);
    assertThat(reachability.looksDown()).isFalse();
    reachability.answered(6, false, 0);
    assertThat(reachability.looksDown()).isTrue();
  }

  @Test
  void anyAnswerEndsTheOutage() {
    reachability.answered(1, true, 0);
    failInARow(5, 2, 0);
    reachability.sent(7);

    reachability.answered(7, true, 1_000);

    assertThat(reachability.inOutage()).isFalse();
    assertThat(reachability.nextAllowedMs()).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void afterTenMinutesDownItGivesUpAndLeadsFailAgain() {
    reachability.answered(1, true, 0);
    failInARow(5, 2, 0);
    long now = 0;
    long seq = 100;
    while (reachability.inOutage() && now < 3_600_000) {
      now = Math.max(now, reachability.nextAllowedMs());
      reachability.sent(seq);
      reachability.answered(seq++, false, now);
    }

    assertThat(reachability.inOutage()).isFalse();
    assertThat(now).isBetween(Reachability.GIVE_UP_MS, Reachability.GIVE_UP_MS + Reachability.MAX_PROBE_MS);
  }
}
