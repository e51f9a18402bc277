package dev.bulklaunch.simulator;

/**
 * When the other consumer spends one key: {@code perWindow} requests in every window, the k-th at
 * {@code k * windowMs / perWindow} after the key's first request (on a grid, so a late timer neither drifts nor
 * changes the count per window), none from {@code stopAfterMs} on. Pure: times are arguments.
 */
final class BackgroundPlan {

  private final long firstMs;
  private final long windowMs;
  private final long perWindow;
  private final long stopAfterMs;
  private long spent;

  /** @param stopAfterMs when it stops, after the key's first request; negative: never */
  BackgroundPlan(long firstMs, long windowMs, long perWindow, long stopAfterMs) {
    this.firstMs = firstMs;
    this.windowMs = windowMs;
    this.perWindow = perWindow;
    this.stopAfterMs = stopAfterMs < 0 ? Long.MAX_VALUE : stopAfterMs;
  }

  /** How many requests are due by {@code nowMs} and not spent yet; they count as spent now. */
  long takeDue(long nowMs) {
    long due = 0;
    while (slotMs(spent + 1) <= nowMs && !stopped(spent + 1)) {
      spent++;
      due++;
    }
    return due;
  }

  /** When the next request is due; {@link Long#MAX_VALUE} once the consumer has stopped. */
  long nextAtMs() {
    return stopped(spent + 1) ? Long.MAX_VALUE : slotMs(spent + 1);
  }

  private boolean stopped(long k) {
    return slotMs(k) - firstMs >= stopAfterMs;
  }

  private long slotMs(long k) {
    return firstMs + k * windowMs / perWindow;
  }
}
