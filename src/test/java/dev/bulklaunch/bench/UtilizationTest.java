package dev.bulklaunch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class UtilizationTest {

  @Test
  void theFirstWindowsBurstDoesNotCount() {
    // 100 at once, then 100 per second for 10 s: 1,100 accepted over a 10 s span is exactly the budget.
    assertThat(Utilization.of(1100, 100, 0, 10_000, 1000, 100)).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void aLauncherAtHalfTheRateUsesHalfTheBudget() {
    assertThat(Utilization.of(100 + 500, 100, 2_000, 12_000, 1000, 100)).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void aSharedKeyIsMeasuredAgainstWhatIsLeft() {
    // 50 per second left by another consumer; the launcher took all of it after its first window's share.
    assertThat(Utilization.of(50 + 1000, 100, 0, 20_000, 1000, 50)).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void windowsLongerThanASecondScaleTheSpan() {
    // lemlist's 20 per 2 s: 20 + 300 accepted over 30 s is 15 windows of 20.
    assertThat(Utilization.of(320, 20, 0, 30_000, 2000, 20)).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void arrivalsSpanningNoTimeHaveNoUtilization() {
    assertThat(Utilization.of(5, 100, 700, 700, 1000, 100)).isNaN();
  }
}
