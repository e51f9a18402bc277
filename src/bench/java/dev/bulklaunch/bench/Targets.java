package dev.bulklaunch.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one scenario must reach. A {@code null} target means "not checked"; {@code allowedShare} is the part of the
 * limit left for the launcher (below 1 when another consumer shares the key); {@code formula} how utilization is
 * counted.
 */
public record Targets(Double minUtilization, double allowedShare, RateLimits rateLimits, boolean windowWithinLimit,
    boolean honoursRetryAfter, Double minOtherConsumerAccepted, Double minAfterOtherStops, Utilization.Formula formula) {

  /** How many 429 answers a scenario tolerates. */
  public enum RateLimits { NONE, AT_MOST_ONE_PERCENT, ONLY_SPURIOUS, NOT_JUDGED }

  static final long MAX_RESUME_LAG_MS = 100;
  /**
   * Issue 12's target: no arrival more than this long after a 429 was answered. A request already on its way when
   * the server answers 429 cannot be called back; it arrives within the answer's trip and our reaction to it.
   */
  static final long RETRY_AFTER_GRACE_MS = 25;
  /** From exec to the first request on the wire, median of the runs. */
  static final long MAX_START_UP_MS = 600;
  /** background-stops: the launcher's pace is measured from this many windows after the other consumer stopped. */
  static final int WINDOWS_TO_RECOVER = 2;

  /** The targets in words, for the report's legend. */
  String describe(int limit) {
    List<String> parts = new ArrayList<>();
    if (minUtilization != null) {
      parts.add(String.format(Locale.ROOT, "utilization >= %.2f%s%s", minUtilization, allowedShare < 1 ? " of what is left" : "",
          formula == Utilization.Formula.ONE_OUT ? " by " + formula.text : ""));
    }
    switch (rateLimits) {
      case NONE -> parts.add("0 429s");
      case AT_MOST_ONE_PERCENT -> parts.add("429s <= 1% of requests");
      case ONLY_SPURIOUS -> parts.add("no 429s but the spurious ones");
      case NOT_JUDGED -> { }
    }
    if (windowWithinLimit) {
      parts.add("most in any window at the wire <= " + limit);
    }
    if (honoursRetryAfter) {
      parts.add("0 requests arriving more than " + RETRY_AFTER_GRACE_MS + " ms inside a Retry-After, resume within "
          + MAX_RESUME_LAG_MS + " ms after it");
    }
    if (minOtherConsumerAccepted != null) {
      parts.add(String.format(Locale.ROOT, "the other consumer >= %.0f%% accepted", 100 * minOtherConsumerAccepted));
    }
    if (minAfterOtherStops != null) {
      parts.add(String.format(Locale.ROOT, "from %d windows after the other consumer stops, >= %.2f of the whole budget "
          + "at the wire", WINDOWS_TO_RECOVER, minAfterOtherStops));
    }
    parts.add("one output line per lead");
    return String.join(", ", parts);
  }

  static Targets solo(double minUtilization) {
    return new Targets(minUtilization, 1.0, RateLimits.NONE, true, false, null, null, Utilization.Formula.FIRST_WINDOW_OUT);
  }

  /**
   * A solo row whose target issue 17 set from its own measurements, taken in {@link Utilization.Formula#ONE_OUT}
   * (see {@link Utilization}); judged in that figure, the other printed beside it.
   */
  static Targets soloOneOut(double minUtilization) {
    return new Targets(minUtilization, 1.0, RateLimits.NONE, true, false, null, null, Utilization.Formula.ONE_OUT);
  }

  static Targets sharedKey(double minUtilization, double allowedShare) {
    return new Targets(minUtilization, allowedShare, RateLimits.AT_MOST_ONE_PERCENT, false, false, null, null,
        Utilization.Formula.FIRST_WINDOW_OUT);
  }

  static Targets together(double minUtilization) {
    return new Targets(minUtilization, 1.0, RateLimits.AT_MOST_ONE_PERCENT, false, false, null, null,
        Utilization.Formula.ONE_OUT);
  }

  static Targets backAfterOtherStops(double minShare) {
    return new Targets(null, 1.0, RateLimits.NOT_JUDGED, false, false, null, minShare, Utilization.Formula.FIRST_WINDOW_OUT);
  }

  static Targets spurious429s() {
    return new Targets(null, 1.0, RateLimits.ONLY_SPURIOUS, false, true, null, null, Utilization.Formula.FIRST_WINDOW_OUT);
  }

  Targets withOtherConsumerAccepted(double minShare) {
    return new Targets(minUtilization, allowedShare, rateLimits, windowWithinLimit, honoursRetryAfter, minShare,
        minAfterOtherStops, formula);
  }
}
