package dev.bulklaunch.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class SimulatorOptionsTest {

  @Test
  void defaultsAreLemlistsLimitInAFixedWindowWithRetryAfterEverywhere() {
    SimulatorOptions options = SimulatorOptions.fromJson(new JsonObject());

    assertThat(options.rate().limit()).isEqualTo(20);
    assertThat(options.rate().windowMillis()).isEqualTo(2_000);
    assertThat(options.mode()).isEqualTo("fixed");
    assertThat(options.retryAfterOnEveryResponse()).isTrue();
    assertThat(options.host()).isEqualTo("127.0.0.1");
    assertThat(options.port()).isZero();
    assertThat(options.timeZone()).isEqualTo("UTC");
    assertThat(options.seed()).isEqualTo(42);
    assertThat(options.stallMs()).isEqualTo(120_000);
  }

  @Test
  void slidingModeDoesNotSendRetryAfterOnEveryResponseUnlessAsked() {
    assertThat(SimulatorOptions.fromJson(new JsonObject().put("mode", "sliding")).retryAfterOnEveryResponse()).isFalse();
    assertThat(SimulatorOptions.fromJson(new JsonObject().put("mode", "sliding").put("retryAfterOnEveryResponse", true))
      .retryAfterOnEveryResponse()).isTrue();
  }

  @Test
  void jsonRoundTripKeepsEveryOption() {
    JsonObject json = new JsonObject()
      .put("rate", "5/1s").put("mode", "sliding").put("timeZone", "Europe/Paris").put("clockOffsetMs", 1500)
      .put("apiKeys", new JsonArray().add("a").add("b"))
      .put("latency", new JsonObject().put("dist", "uniform").put("minMs", 20).put("maxMs", 120))
      .put("errorRate", 0.01).put("dropRate", 0.02).put("stallRate", 0.03).put("stallMs", 500)
      .put("spurious429Rate", 0.04).put("spuriousRetryAfterSec", 2.0)
      .put("outageAfterMs", 1000).put("outageMs", 3000)
      .put("background", new JsonObject().put("fraction", 0.5))
      .put("faults", new JsonObject().put("answerHold", new JsonObject().put("everyMs", 2000).put("holdMs", 400)))
      .put("outcomeMix", new JsonObject().put("CAMPAIGN_LEAD_REVIEW_LEAD_PAUSED", 0.02));

    JsonObject again = SimulatorOptions.fromJson(SimulatorOptions.fromJson(json).toJson()).toJson();

    assertThat(again.getString("rate")).isEqualTo("5/1s");
    assertThat(again.getJsonArray("apiKeys")).containsExactly("a", "b");
    assertThat(again.getDouble("stallRate")).isEqualTo(0.03);
    assertThat(again.getJsonObject("background").getDouble("fraction")).isEqualTo(0.5);
    assertThat(again.getJsonObject("latency").getString("dist")).isEqualTo("uniform");
    assertThat(again.getLong("outageMs")).isEqualTo(3000);
    assertThat(again.getJsonObject("faults").getJsonObject("answerHold").getLong("holdMs")).isEqualTo(400);
    assertThat(again).isEqualTo(SimulatorOptions.fromJson(json).toJson());
  }

  @Test
  void badValuesAreRefusedWithAClearMessage() {
    assertThatThrownBy(() -> SimulatorOptions.fromJson(new JsonObject().put("mode", "leaky")))
      .hasMessageContaining("fixed");
    assertThatThrownBy(() -> SimulatorOptions.fromJson(new JsonObject().put("rate", "fast")))
      .hasMessageContaining("rate");
    assertThatThrownBy(() -> SimulatorOptions.fromJson(new JsonObject().put("errorRate", 0.6).put("dropRate", 0.6)))
      .hasMessageContaining("exceed 1");
    assertThatThrownBy(() -> SimulatorOptions.fromJson(new JsonObject().put("latency", new JsonObject().put("dist", "pareto"))))
      .hasMessageContaining("latency");
  }
}
