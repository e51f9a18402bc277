package dev.bulklaunch.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches how clients honour the Retry-After holds this simulator hands out: arrivals during a hold
 * are violations; the gap between a hold's end and the next arrival is the resume lag.
 */
final class HoldTracker {

  private final Map<String, Hold> holds = new HashMap<>();
  private long violations;
  private long holdsStarted;
  /** Which holds (1 for the first 429 of the run) had arrivals inside them, the first few. */
  private final List<Long> holdsViolated = new ArrayList<>();
  private long violationMaxAfterStartMs = -1;
  private long lagCount;
  private long lagMaxMs;
  private long lagSumMs;

  void arrival(String key, long atMs) {
    Hold hold = holds.get(key);
    if (hold == null) {
      return;
    }
    if (atMs < hold.untilMs) {
      violations++;
      violationMaxAfterStartMs = Math.max(violationMaxAfterStartMs, atMs - hold.startMs);
      if (holdsViolated.size() < 10 && !holdsViolated.contains(hold.ordinal)) {
        holdsViolated.add(hold.ordinal);
      }
    }
    if (hold.pendingUntilMs >= 0 && atMs >= hold.pendingUntilMs) {
      long lag = atMs - hold.pendingUntilMs;
      lagCount++;
      lagSumMs += lag;
      lagMaxMs = Math.max(lagMaxMs, lag);
      hold.pendingUntilMs = -1;
    }
  }

  void hold(String key, long atMs, long retryAfterMs) {
    Hold hold = holds.computeIfAbsent(key, k -> new Hold());
    long until = atMs + retryAfterMs;
    if (until > hold.untilMs) {
      hold.startMs = atMs;
      hold.ordinal = ++holdsStarted;
    }
    hold.untilMs = Math.max(hold.untilMs, until);
    hold.pendingUntilMs = Math.max(hold.pendingUntilMs, until);
  }

  long violations() {
    return violations;
  }

  /** How long after its 429 was answered the latest violating arrival came, or -1 without violations. */
  long violationMaxAfterStartMs() {
    return violationMaxAfterStartMs;
  }

  List<Long> holdsViolated() {
    return List.copyOf(holdsViolated);
  }

  long lagCount() {
    return lagCount;
  }

  long lagMaxMs() {
    return lagMaxMs;
  }

  double lagMeanMs() {
    return lagCount == 0 ? 0 : (double) lagSumMs / lagCount;
  }

  void clear() {
    holds.clear();
    violations = 0;
    violationMaxAfterStartMs = -1;
    holdsStarted = 0;
    holdsViolated.clear();
    lagCount = 0;
    lagMaxMs = 0;
    lagSumMs = 0;
  }

  private static final class Hold {
    long ordinal;
    long startMs = Long.MIN_VALUE;
    long untilMs = Long.MIN_VALUE;
    long pendingUntilMs = -1;
  }
}
