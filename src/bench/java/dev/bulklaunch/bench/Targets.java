package dev.bulklaunch.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one scenario must reach. A {@code null} utilization means "not checked"; {@code allowedShare}
 * is the part of the limit left for the launcher (below 1 when another consumer shares the key).
 */
public record Targets(Double minUtilization, double allowedShare, RateLimits rateLimits, boolean windowWithinLimit,
    boolean honoursRetryAfter) {

  /** How many 429 answers a scenario tolerates. */
  public enum RateLimits { NONE, AT_MOST_ONE_PERCENT, ONLY_SPURIOUS }

  static final long MAX_RESUME_LAG_MS = 100;
  /**
   * Issue 12's target: no arrival more than this long after a 429 was answered. A request already on its way when
   * the server answers 429 cannot be called back; it arrives within the answer's trip and our reaction to it.
   */
  static final long RETRY_AFTER_GRACE_MS = 25;
  /** From exec to the first request on the wire, median of the runs. */
  static final long MAX_START_UP_MS = 600;

  /** The targets in words, for the report's legend. */
  String describe(int limit) {
    List<String> parts = new ArrayList<>();
    if (minUtilization != null) {
      parts.add(String.format(Locale.ROOT, "utilization >= %.2f%s", minUtilization, allowedShare < 1 ? " of what is left" : ""));
    }
    parts.add(switch (rateLimits) {
      case NONE -> "0 429s";
      case AT_MOST_ONE_PERCENT -> "429s <= 1% of requests";
      case ONLY_SPURIOUS -> "no 429s but the spurious ones";
    });
    if (windowWithinLimit) {
      parts.add("most in any window <= " + limit);
    }
    if (honoursRetryAfter) {
      parts.add("0 requests arriving more than " + RETRY_AFTER_GRACE_MS + " ms inside a Retry-After, resume within "
          + MAX_RESUME_LAG_MS + " ms after it");
    }
    parts.add("one output line per lead");
    return String.join(", ", parts);
  }

  static Targets solo(double minUtilization) {
    return new Targets(minUtilization, 1.0, RateLimits.NONE, true, false);
  }

  static Targets sharedKey(double minUtilization, double allowedShare) {
    return new Targets(minUtilization, allowedShare, RateLimits.AT_MOST_ONE_PERCENT, false, false);
  }

  static Targets spurious429s() {
    return new Targets(null, 1.0, RateLimits.ONLY_SPURIOUS, false, true);
  }
}
