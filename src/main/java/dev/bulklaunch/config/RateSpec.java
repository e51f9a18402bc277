package dev.bulklaunch.config;

import java.time.Duration;

/** A request budget: at most {@code limit} requests in any {@code window}. Written {@code N/DUR}, e.g. {@code 20/2s}. */
public record RateSpec(int limit, Duration window) {

  public RateSpec {
    if (limit < 1) {
      throw new IllegalArgumentException("rate limit must be at least 1 request");
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("rate window must be positive");
    }
  }

  public static RateSpec parse(String text) {
    if (text == null || !text.contains("/")) {
      throw new IllegalArgumentException("'" + text + "' is not a rate: write N/DURATION, e.g. 20/2s or 100/1s");
    }
    String[] parts = text.trim().split("/", 2);
    int limit;
    try {
      limit = Integer.parseInt(parts[0].trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a rate: '" + parts[0] + "' is not a whole number of requests");
    }
    if (limit < 1 || limit > 100_000) {
      throw new IllegalArgumentException("'" + text + "' is not a rate: the request count must be 1 to 100000");
    }
    return new RateSpec(limit, Durations.parse(parts[1]));
  }

  public long windowMillis() {
    return window.toMillis();
  }

  /** Requests per second this budget allows on average. */
  public double perSecond() {
    return limit * 1000.0 / windowMillis();
  }

  @Override
  public String toString() {
    return limit + "/" + Durations.format(window);
  }
}
