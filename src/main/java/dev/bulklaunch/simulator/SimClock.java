package dev.bulklaunch.simulator;

/** The simulator's two clocks: monotonic time since start for statistics, the shifted wall clock for headers and windows. */
final class SimClock {

  private final long startNanos = System.nanoTime();
  private final long offsetMs;

  SimClock(long offsetMs) {
    this.offsetMs = offsetMs;
  }

  long sinceStartMs() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  long serverMs() {
    return System.currentTimeMillis() + offsetMs;
  }
}
