package dev.bulklaunch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LatencyModelTest {

  private static long[] samples(JsonObject json, int n) {
    LatencyModel model = LatencyModel.fromJson(json, 42);
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      values[i] = model.nextMs();
    }
    Arrays.sort(values);
    return values;
  }

  @Test
  void uniformStaysWithinItsBounds() {
    long[] values = samples(new JsonObject().put("dist", "uniform").put("minMs", 20).put("maxMs", 120), 5_000);

    assertThat(values[0]).isGreaterThanOrEqualTo(20).isLessThan(25);
    assertThat(values[values.length - 1]).isLessThanOrEqualTo(120).isGreaterThan(115);
  }

  @Test
  void lognormalHasItsMedianAtTheGeometricMeanAndIsClipped() {
    long[] values = samples(new JsonObject().put("dist", "lognormal").put("minMs", 80).put("maxMs", 800), 10_000);

    assertThat(values[values.length / 2]).isBetween(240L, 265L);
    assertThat(values[0]).isGreaterThanOrEqualTo(80);
    assertThat(values[values.length - 1]).isLessThanOrEqualTo(800);
    long atBounds = Arrays.stream(values).filter(v -> v == 80 || v == 800).count();
    assertThat(atBounds).isBetween(300L, 700L);
  }

  @Test
  void fixedIsAlwaysTheSame() {
    assertThat(samples(new JsonObject().put("dist", "fixed").put("ms", 50), 10)).containsOnly(50L);
  }

  @Test
  void sameSeedSameSequence() {
    JsonObject json = new JsonObject().put("dist", "uniform").put("minMs", 0).put("maxMs", 1000);

    assertThat(samples(json, 100)).containsExactly(samples(json, 100));
  }
}
