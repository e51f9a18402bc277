package dev.bulklaunch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArrivalLogTest {

  @Test
  void maxInAnyWindowCountsArrivalsInASlidingWindow() {
    ArrivalLog log = new ArrivalLog();
    for (long at : new long[] {0, 1500, 1900, 2100, 2200, 3400, 5000}) {
      log.record("k", at);
    }

    // [1500, 3500) holds 1500, 1900, 2100, 2200, 3400; no fixed window aligned at 0 sees all five.
    assertThat(log.maxInAnyWindow(2000)).isEqualTo(5);
  }

  @Test
  void arrivalsExactlyOneWindowApartAreInDifferentWindows() {
    assertThat(ArrivalLog.maxInAnyWindow(new long[] {0, 2000, 4000}, 3, 2000)).isEqualTo(1);
    assertThat(ArrivalLog.maxInAnyWindow(new long[] {0, 1999, 4000}, 3, 2000)).isEqualTo(2);
  }

  @Test
  void maxInAnyWindowIsPerKeyThenMaxOverKeys() {
    ArrivalLog log = new ArrivalLog();
    log.record("a", 0);
    log.record("b", 1);
    log.record("a", 2);
    log.record("b", 3);
    log.record("b", 4);

    assertThat(log.maxInAnyWindow(1000)).isEqualTo(3);
  }

  @Test
  void timelinesGiveEachKeysArrivalsInOrder() {
    ArrivalLog log = new ArrivalLog();
    log.record("b", 5);
    log.record("a", 1);
    log.record("b", 9);

    assertThat(log.timelines().getJsonArray("a").getList()).containsExactly(1L);
    assertThat(log.timelines().getJsonArray("b").getList()).containsExactly(5L, 9L);
  }

  @Test
  void manyArrivalsGrowTheLog() {
    ArrivalLog log = new ArrivalLog();
    for (int i = 0; i < 10_000; i++) {
      log.record("k", i);
    }

    assertThat(log.maxInAnyWindow(100)).isEqualTo(100);
  }
}
