package dev.bulklaunch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackgroundPlanTest {

  @Test
  void spendsItsShareOfEveryWindowEvenlyFromTheKeysFirstRequest() {
    BackgroundPlan plan = new BackgroundPlan(1_000, 1_000, 50, -1);
    assertThat(plan.nextAtMs()).isEqualTo(1_020);
    assertThat(plan.takeDue(1_019)).isZero();
    assertThat(plan.takeDue(1_020)).isEqualTo(1);
    assertThat(plan.nextAtMs()).isEqualTo(1_040);
    long spent = 1;
    for (long t = 1_021; t < 2_000; t++) {
      spent += plan.takeDue(t);
    }
    assertThat(spent).as("in the key's first window").isEqualTo(49);
    assertThat(plan.takeDue(2_000)).as("the next window's first").isEqualTo(1);
  }

  @Test
  void aLateTimerCatchesUpWithoutDrifting() {
    BackgroundPlan plan = new BackgroundPlan(0, 1_000, 50, -1);
    assertThat(plan.takeDue(95)).isEqualTo(4);
    assertThat(plan.nextAtMs()).isEqualTo(100);
  }

  @Test
  void stopsAfterItsTime() {
    BackgroundPlan plan = new BackgroundPlan(500, 1_000, 50, 7_500);
    long spent = plan.takeDue(500 + 7_499);
    assertThat(spent).isEqualTo(374);
    assertThat(plan.takeDue(60_000)).isZero();
    assertThat(plan.nextAtMs()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void unevenDivisionsStillSpendTheWholeShare() {
    BackgroundPlan plan = new BackgroundPlan(0, 2_000, 3, -1);
    assertThat(plan.takeDue(1_999)).isEqualTo(2);
    assertThat(plan.takeDue(2_000)).isEqualTo(1);
  }
}
