package dev.bulklaunch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateWindowTest {

  @Test
  void fixedWindowOpensAtTheFirstRequestAndCountsDownRemaining() {
    FixedWindow window = new FixedWindow(3, 2000);

    RateDecision first = window.tryAcquire("k", 10_000);
    RateDecision second = window.tryAcquire("k", 10_500);

    assertThat(first.accepted()).isTrue();
    assertThat(first.remaining()).isEqualTo(2);
    assertThat(first.resetAtMs()).isEqualTo(12_000);
    assertThat(second.remaining()).isEqualTo(1);
    assertThat(second.resetAtMs()).isEqualTo(12_000);
    assertThat(second.retryAfterMs()).isEqualTo(1_500);
  }

  @Test
  void fixedWindowRejectsTheRequestOverTheLimitWithRetryAfterUntilTheWindowEnds() {
    FixedWindow window = new FixedWindow(2, 2000);
    window.tryAcquire("k", 0);
    window.tryAcquire("k", 100);

    RateDecision third = window.tryAcquire("k", 1_266);

    assertThat(third.accepted()).isFalse();
    assertThat(third.remaining()).isZero();
    assertThat(third.retryAfterMs()).isEqualTo(734);
    assertThat(LaunchDesk.seconds(third.retryAfterMs())).isEqualTo("0.734");
  }

  @Test
  void fixedWindowRejectedRequestsDoNotExtendTheWindow() {
    FixedWindow window = new FixedWindow(1, 2000);
    window.tryAcquire("k", 0);
    window.tryAcquire("k", 1_000);
    window.tryAcquire("k", 1_999);

    RateDecision nextWindow = window.tryAcquire("k", 2_000);

    assertThat(nextWindow.accepted()).isTrue();
    assertThat(nextWindow.resetAtMs()).isEqualTo(4_000);
  }

  @Test
  void fixedWindowKeepsABudgetPerKey() {
    FixedWindow window = new FixedWindow(1, 2000);
    window.tryAcquire("a", 0);

    assertThat(window.tryAcquire("b", 1).accepted()).isTrue();
    assertThat(window.tryAcquire("a", 2).accepted()).isFalse();
  }

  @Test
  void slidingWindowCountsOnlyAcceptedArrivals() {
    SlidingWindow window = new SlidingWindow(2, 1000);
    window.tryAcquire("k", 0);
    window.tryAcquire("k", 500);
    RateDecision rejected = window.tryAcquire("k", 600);
    window.tryAcquire("k", 900);

    RateDecision afterOldestLeft = window.tryAcquire("k", 1_000);

    assertThat(rejected.accepted()).isFalse();
    assertThat(rejected.retryAfterMs()).isEqualTo(400);
    assertThat(afterOldestLeft.accepted()).isTrue();
    assertThat(afterOldestLeft.remaining()).isZero();
    assertThat(afterOldestLeft.resetAtMs()).isEqualTo(1_500);
  }

  @Test
  void slidingWindowResetIsWhenTheOldestInWindowArrivalLeaves() {
    SlidingWindow window = new SlidingWindow(3, 2000);
    window.tryAcquire("k", 100);

    RateDecision second = window.tryAcquire("k", 700);

    assertThat(second.remaining()).isEqualTo(1);
    assertThat(second.resetAtMs()).isEqualTo(2_100);
  }
}
