package dev.bulklaunch.bench;

/**
 * How much of the budget the launcher used. The first window's burst is taken out so it cannot inflate
 * the figure: {@code (accepted - limit) / (((lastArrival - firstArrival) / window) * allowed)}.
 */
final class Utilization {

  static final String FORMULA = "(accepted - limit) / (((lastArrival - firstArrival) / window) * allowed)";

  private Utilization() {
  }

  /** {@code NaN} when the arrivals span no time, so there is nothing to measure. */
  static double of(long accepted, int limit, long firstArrivalMs, long lastArrivalMs, long windowMs, double allowedPerWindow) {
    long spanMs = lastArrivalMs - firstArrivalMs;
    if (spanMs <= 0 || allowedPerWindow <= 0) {
      return Double.NaN;
    }
    return (accepted - limit) / ((double) spanMs / windowMs * allowedPerWindow);
  }
}
