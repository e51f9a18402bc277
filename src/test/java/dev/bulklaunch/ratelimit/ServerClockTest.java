package dev.bulklaunch.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class ServerClockTest {

  private static String httpDate(long epochMs) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(epochMs).atOffset(ZoneOffset.UTC));
  }

  @Test
  void learnsAServerClockThirtySecondsAheadToWithinTheLatency() {
    ServerClock clock = new ServerClock();
    long offset = 30_000;
    for (long local = 1_000_000; local < 1_010_000; local += 137) {
      long serverAtGeneration = local + 20 + offset;
      clock.observe(httpDate(serverAtGeneration), local, local + 40);
    }

    long estimate = clock.serverNowAtLeast(2_000_000) - 2_000_000;
    assertThat(estimate).isBetween(offset - 60, offset);
    assertThat(clock.uncertaintyMs()).isLessThan(100);
  }

  @Test
  void withoutDateHeadersItIsOurClock() {
    ServerClock clock = new ServerClock();
    clock.observe(null, 0, 10);
    clock.observe("not a date", 0, 10);

    assertThat(clock.known()).isFalse();
    assertThat(clock.serverNowAtLeast(123)).isEqualTo(123);
  }

  @Test
  void startsOverWhenAClockIsStepped() {
    ServerClock clock = new ServerClock();
    clock.observe(httpDate(1_000_000), 1_000_000, 1_000_010);
    clock.observe(httpDate(5_000_000), 1_001_000, 1_001_010);

    assertThat(clock.serverNowAtLeast(1_001_010)).isBetween(5_000_000L - 20, 5_000_000L);
  }
}
