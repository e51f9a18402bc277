package dev.bulklaunch.bench;

import dev.bulklaunch.bench.wire.Wire;
import dev.bulklaunch.bench.wire.WireRequest;
import io.vertx.core.json.JsonObject;

/**
 * What one scenario run produced: the launcher processes' exit, time, CPU and memory, how their output lines matched
 * the leads fed in, the simulator's statistics, and the requests as captured at the wire. {@code run} numbers the
 * runs of a row that is run several times (0 for a row run once).
 */
record Measurement(Scenario scenario, int run, int exitCode, boolean timedOut, long wallMs, double cpuSeconds, long peakRssKb,
    LeadCheck leads, JsonObject sim, Wire wire) {

  Measurement(Scenario scenario, int exitCode, boolean timedOut, long wallMs, double cpuSeconds, long peakRssKb,
              LeadCheck leads, JsonObject sim) {
    this(scenario, 0, exitCode, timedOut, wallMs, cpuSeconds, peakRssKb, leads, sim, Wire.unavailable("not captured"));
  }

  /** Output lines against input leads: each lead must have exactly one line. */
  record LeadCheck(int fed, int lines, int missing, int duplicated, int unexpected, int launched) {

    boolean exact() {
      return missing == 0 && duplicated == 0 && unexpected == 0 && lines == fed;
    }

    LeadCheck plus(LeadCheck other) {
      return new LeadCheck(fed + other.fed, lines + other.lines, missing + other.missing, duplicated + other.duplicated,
          unexpected + other.unexpected, launched + other.launched);
    }
  }

  String label() {
    return run == 0 ? scenario.name() : scenario.name() + " #" + run;
  }

  long windowMs() {
    return scenario.rate().windowMillis();
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

  /** The simulator's own count, stamped when its event loop got to each request. */
  int simMaxInAnyWindow() {
    return sim.getInteger("maxInAnyWindow", 0);
  }

  /** The count by the kernel's timestamps; -1 without a capture. */
  int wireMaxInAnyWindow() {
    return wire.counted() ? wire.maxInAnyWindow(windowMs()) : -1;
  }

  /** What the verdict goes by: the wire, or the simulator's count when there was no capture. */
  int maxInAnyWindow() {
    return wire.counted() ? wireMaxInAnyWindow() : simMaxInAnyWindow();
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

  /** The share of the other consumer's requests the server accepted; NaN without another consumer. */
  double otherConsumerAccepted() {
    long tried = backgroundSpent() + backgroundRejected();
    return tried == 0 ? Double.NaN : (double) backgroundSpent() / tried;
  }

  /** Over the launcher's arrivals at the wire when captured, else at the simulator, in the row's own figure. */
  double utilization() {
    return utilization(scenario.targets().formula());
  }

  /** The same in {@code formula}. */
  double utilization(Utilization.Formula formula) {
    double first;
    double last;
    if (wire.counted() && !wire.requests().isEmpty()) {
      first = wire.firstMicros() / 1000.0;
      last = wire.lastMicros() / 1000.0;
    } else {
      Long simFirst = sim.getLong("firstArrivalMs");
      Long simLast = sim.getLong("lastArrivalMs");
      if (simFirst == null || simLast == null) {
        return Double.NaN;
      }
      first = simFirst;
      last = simLast;
    }
    return Utilization.of(formula, accepted(), scenario.rate().limit(), first, last, windowMs(),
        scenario.allowedPerWindow());
  }

  /**
   * background-stops: the launcher's pace from {@link Targets#WINDOWS_TO_RECOVER} windows after the other consumer's
   * last request, at the wire. The simulator's times are moved onto the wire's clock by the launcher's first request,
   * seen by both. NaN when it cannot be measured; {@link #otherConsumerStopped()} tells why.
   */
  double afterOtherStops() {
    Long simFirst = sim.getLong("firstArrivalMs");
    Long otherLast = otherConsumerLastMs();
    if (!wire.counted() || wire.requests().isEmpty() || simFirst == null || otherLast == null || !otherConsumerStopped()) {
      return Double.NaN;
    }
    long stopMicros = wire.firstMicros() + (otherLast - simFirst) * 1000;
    long windowMicros = windowMs() * 1000;
    long[] sorted = wire.requests().stream().mapToLong(WireRequest::atMicros).sorted().toArray();
    return Utilization.over(sorted, stopMicros + Targets.WINDOWS_TO_RECOVER * windowMicros, windowMicros,
        scenario.rate().limit());
  }

  /** Whether the other consumer stopped at least a window before the launcher's last arrival. */
  boolean otherConsumerStopped() {
    Long otherLast = otherConsumerLastMs();
    Long launcherLast = sim.getLong("lastArrivalMs");
    return otherLast != null && launcherLast != null && otherLast < launcherLast - windowMs();
  }

  private Long otherConsumerLastMs() {
    JsonObject byKey = sim.getJsonObject("background", new JsonObject()).getJsonObject("byKey", new JsonObject());
    Long last = null;
    for (String key : byKey.fieldNames()) {
      Long at = byKey.getJsonObject(key).getLong("lastAtMs");
      if (at != null && (last == null || at > last)) {
        last = at;
      }
    }
    return last;
  }

  double cpuSecondsPer1000Leads() {
    int fed = scenario.leads() * scenario.processes();
    return fed == 0 ? 0 : cpuSeconds * 1000.0 / fed;
  }
}
