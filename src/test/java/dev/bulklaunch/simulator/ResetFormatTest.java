package dev.bulklaunch.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResetFormatTest {

  private static final long RESET = 1_764_000_001_437L;
  private static final long NOW = 1_764_000_000_900L;

  @Test
  void writesEachFormServersUse() {
    assertThat(ResetFormat.of("epoch-s", "UTC").format(RESET, NOW)).as("rounded up").isEqualTo("1764000002");
    assertThat(ResetFormat.of("delta-s", "UTC").format(RESET, NOW)).as("537 ms, rounded up").isEqualTo("1");
    assertThat(ResetFormat.of("epoch-ms", "UTC").format(RESET, NOW)).isEqualTo("1764000001437");
    assertThat(ResetFormat.of("rfc1123", "UTC").format(RESET, NOW)).isEqualTo("Mon, 24 Nov 2025 16:00:01 GMT");
    assertThat(ResetFormat.of("js", "UTC").format(RESET, NOW))
        .isEqualTo("Mon Nov 24 2025 16:00:01 GMT+0000 (Coordinated Universal Time)");
  }

  @Test
  void anUnknownFormIsRefusedByName() {
    assertThatThrownBy(() -> SimulatorOptions.fromJson(new io.vertx.core.json.JsonObject().put("resetFormat", "iso")))
        .hasMessageContaining("resetFormat").hasMessageContaining("'iso'");
  }
}
