package dev.bulklaunch.bench;

/**
 * What one scenario must reach. A {@code null} utilization means "not checked"; {@code allowedShare}
 * is the part of the limit left for the launcher (below 1 when another consumer shares the key).
 */
public record Targets(Double minUtilization, double allowedShare, RateLimits rateLimits, boolean windowWithinLimit,
    boolean honoursRetryAfter) {

  /** How many 429 answers a scenario tolerates. */
  public enum RateLimits { NONE, AT_MOST_ONE_PERCENT, ONLY_SPURIOUS }

  static final double MAX_CPU_SECONDS_PER_1000_LEADS = 1.0;
  static final long MAX_RESUME_LAG_MS = 100;

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
