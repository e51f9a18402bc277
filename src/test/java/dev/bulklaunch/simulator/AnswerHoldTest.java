package dev.bulklaunch.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class AnswerHoldTest {

  private final AnswerHold hold = AnswerHold.fromJson(new JsonObject().put("everyMs", 2000).put("holdMs", 400));

  @Test
  void anAnswerDueInsideAHoldGoesOutWhenTheHoldEnds() {
    assertThat(hold.delayMs(1_950, 100)).isEqualTo(450);
    assertThat(hold.delayMs(4_000, 0)).isEqualTo(400);
    assertThat(hold.delayMs(4_100, 299)).isEqualTo(300);
  }

  @Test
  void anAnswerDueOutsideEveryHoldKeepsItsLatency() {
    assertThat(hold.delayMs(1_000, 120)).isEqualTo(120);
    assertThat(hold.delayMs(4_100, 300)).isEqualTo(300);
    assertThat(hold.delayMs(5_800, 199)).isEqualTo(199);
  }

  @Test
  void answersHeldInOnePeriodLeaveTogether() {
    long[] decidedAt = {2_010, 2_100, 2_250, 2_390};
    for (long at : decidedAt) {
      assertThat(at + hold.delayMs(at, 5)).isEqualTo(2_400);
    }
  }

  @Test
  void withoutTheOptionNothingIsHeld() {
    assertThat(AnswerHold.fromJson(null).holds()).isFalse();
    assertThat(AnswerHold.NONE.delayMs(0, 70)).isEqualTo(70);
  }

  @Test
  void aHoldAsLongAsItsPeriodIsRefused() {
    assertThatThrownBy(() -> AnswerHold.fromJson(new JsonObject().put("everyMs", 400).put("holdMs", 400)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("answerHold");
  }
}
