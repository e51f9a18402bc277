package dev.bulklaunch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class OutcomeTableTest {

  private final OutcomeTable plain = new OutcomeTable(new JsonObject());

  @Test
  void markersAreFoundInAnyCase() {
    assertThat(plain.outcomeFor("lea_xPAUSEDx").code()).isEqualTo("CAMPAIGN_LEAD_REVIEW_LEAD_PAUSED");
    assertThat(plain.outcomeFor("lea_nocamp1").code()).isEqualTo("CAMPAIGN_LEAD_REVIEW_CAMPAIGN_NOT_FOUND");
    assertThat(plain.outcomeFor("lea_NotFound").status()).isEqualTo(404);
  }

  @Test
  void anIdWithoutMarkerLaunches() {
    assertThat(plain.outcomeFor("lea_8xJSc7sV7ggpiVnXe")).isEqualTo(Outcome.LAUNCH);
  }

  @Test
  void outcomeMixAssignsCodesByStableHashInProportion() {
    OutcomeTable mixed = new OutcomeTable(demoMix());
    int paused = 0;
    int noSender = 0;
    for (int i = 0; i < 10_000; i++) {
      String code = mixed.outcomeFor("lea_" + i).code();
      if ("CAMPAIGN_LEAD_REVIEW_LEAD_PAUSED".equals(code)) {
        paused++;
      } else if ("CAMPAIGN_LEAD_REVIEW_LEAD_NO_SENDER_AVAILABLE".equals(code)) {
        noSender++;
      }
    }

    assertThat(paused).isBetween(1_800, 2_200);
    assertThat(noSender).isBetween(850, 1_150);
    for (int i = 0; i < 100; i++) {
      assertThat(new OutcomeTable(demoMix()).outcomeFor("lea_" + i)).isEqualTo(mixed.outcomeFor("lea_" + i));
    }
  }

  private static JsonObject demoMix() {
    return new JsonObject()
      .put("CAMPAIGN_LEAD_REVIEW_LEAD_PAUSED", 0.2)
      .put("CAMPAIGN_LEAD_REVIEW_LEAD_NO_SENDER_AVAILABLE", 0.1);
  }

  @Test
  void markersWinOverTheMix() {
    OutcomeTable everythingPaused = new OutcomeTable(new JsonObject().put("CAMPAIGN_LEAD_REVIEW_LEAD_PAUSED", 1.0));

    assertThat(everythingPaused.outcomeFor("lea_Plan1").code()).isEqualTo("PLAN_NOT_ALLOWED");
    assertThat(everythingPaused.outcomeFor("lea_1").code()).isEqualTo("CAMPAIGN_LEAD_REVIEW_LEAD_PAUSED");
  }
}
