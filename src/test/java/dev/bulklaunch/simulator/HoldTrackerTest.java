package dev.bulklaunch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HoldTrackerTest {

  @Test
  void anArrivalDuringARetryAfterHoldIsAViolation() {
    HoldTracker holds = new HoldTracker();
    holds.hold("k", 1_000, 500);

    holds.arrival("k", 1_200);
    holds.arrival("other", 1_300);
    holds.arrival("k", 1_500);

    assertThat(holds.violations()).isEqualTo(1);
  }

  @Test
  void resumeLagIsTheGapFromHoldExpiryToTheNextArrival() {
    HoldTracker holds = new HoldTracker();
    holds.hold("k", 1_000, 500);
    holds.arrival("k", 1_530);
    holds.arrival("k", 1_600);
    holds.hold("k", 2_000, 1_000);
    holds.arrival("k", 3_010);

    assertThat(holds.lagCount()).isEqualTo(2);
    assertThat(holds.lagMaxMs()).isEqualTo(30);
    assertThat(holds.lagMeanMs()).isEqualTo(20.0);
  }

  @Test
  void anEarlyArrivalLeavesTheHoldWaitingForItsResume() {
    HoldTracker holds = new HoldTracker();
    holds.hold("k", 0, 1_000);
    holds.arrival("k", 400);
    holds.arrival("k", 1_100);

    assertThat(holds.violations()).isEqualTo(1);
    assertThat(holds.lagCount()).isEqualTo(1);
    assertThat(holds.lagMaxMs()).isEqualTo(100);
  }

  @Test
  void aViolationSaysWhichHoldAndHowLongAfterIts429ItCame() {
    HoldTracker holds = new HoldTracker();
    holds.hold("k", 1_000, 500);
    holds.arrival("k", 1_600);
    holds.hold("k", 2_000, 500);
    holds.arrival("k", 2_004);
    holds.arrival("k", 2_001);

    assertThat(holds.violations()).isEqualTo(2);
    assertThat(holds.holdsViolated()).containsExactly(2L);
    assertThat(holds.violationMaxAfterStartMs()).isEqualTo(4);
  }
}
