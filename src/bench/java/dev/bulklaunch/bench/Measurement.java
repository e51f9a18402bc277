package dev.bulklaunch.bench;

import io.vertx.core.json.JsonObject;

/**
 * What one scenario run produced: the launcher process's exit, time, CPU and memory, how its output lines
 * matched the leads fed in, and the simulator's statistics.
 */
record Measurement(Scenario scenario, int exitCode, boolean timedOut, long wallMs, double cpuSeconds, long peakRssKb,
    LeadCheck leads, JsonObject sim) {

  /** Output lines against input leads: each lead must have exactly one line. */
  record LeadCheck(int fed, int lines, int missing, int duplicated, int unexpected, int launched) {

    boolean exact() {
      return missing == 0 && duplicated == 0 && unexpected == 0 && lines == fed;
    }
  }

  long requests() {
    return sim.getLong("requests", 0L);
  }

  long accepted() {
    return sim.getLong("accepted", 0L);
  }

  long rateLimited() {
    return sim.getLong("rateLimited", 0L);
  }

  long spurious429() {
    return sim.getLong("spurious429", 0L);
  }

  int maxInAnyWindow() {
    return sim.getInteger("maxInAnyWindow", 0);
  }

  long retryAfterViolations() {
    return sim.getLong("retryAfterViolations", 0L);
  }

  /** How long after its 429 was answered the latest arrival inside a Retry-After came; -1 without any. */
  long retryAfterViolationMaxMsAfter429() {
    return sim.getLong("retryAfterViolationMaxMsAfter429", -1L);
  }

  long resumeLagMaxMs() {
    return sim.getJsonObject("resumeLagsMs", new JsonObject()).getLong("max", 0L);
  }

  long resumeLagCount() {
    return sim.getJsonObject("resumeLagsMs", new JsonObject()).getLong("count", 0L);
  }

  long backgroundSpent() {
    return sim.getJsonObject("background", new JsonObject()).getLong("spent", 0L);
  }

  long backgroundRejected() {
    return sim.getJsonObject("background", new JsonObject()).getLong("rejected", 0L);
  }

  double utilization() {
    Long first = sim.getLong("firstArrivalMs");
    Long last = sim.getLong("lastArrivalMs");
    if (first == null || last == null) {
      return Double.NaN;
    }
    return Utilization.of(accepted(), scenario.rate().limit(), first, last, scenario.rate().windowMillis(),
        scenario.allowedPerWindow());
  }

  double cpuSecondsPer1000Leads() {
    return scenario.leads() == 0 ? 0 : cpuSeconds * 1000.0 / scenario.leads();
  }
}
