package dev.bulklaunch.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Checks a measurement against its scenario's targets and the ones every scenario shares; empty means PASS. */
final class Verdict {

  private Verdict() {
  }

  static List<String> failures(Measurement m) {
    Targets targets = m.scenario().targets();
    List<String> failures = new ArrayList<>();
    if (m.timedOut()) {
      failures.add("launcher did not finish in time and was killed");
    }
    if (!m.timedOut() && m.exitCode() != 0) {
      failures.add("launcher exited " + m.exitCode() + ", want 0 (every lead launched)");
    }
    Measurement.LeadCheck leads = m.leads();
    if (!leads.exact()) {
      failures.add(String.format(Locale.ROOT, "output lines do not match leads: %d fed, %d lines, %d missing, %d duplicated, %d unexpected",
          leads.fed(), leads.lines(), leads.missing(), leads.duplicated(), leads.unexpected()));
    }
    if (targets.minUtilization() != null) {
      double utilization = m.utilization();
      if (Double.isNaN(utilization) || utilization < targets.minUtilization()) {
        failures.add(String.format(Locale.ROOT, "utilization %.3f < %.2f", utilization, targets.minUtilization()));
      }
    }
    switch (targets.rateLimits()) {
      case NONE -> {
        if (m.rateLimited() > 0) {
          failures.add(m.rateLimited() + " 429s, want 0");
        }
      }
      case AT_MOST_ONE_PERCENT -> {
        if (m.rateLimited() > 0.01 * m.requests()) {
          failures.add(String.format(Locale.ROOT, "%d 429s = %.1f%% of %d requests, want <= 1%%",
              m.rateLimited(), 100.0 * m.rateLimited() / Math.max(1, m.requests()), m.requests()));
        }
      }
      case ONLY_SPURIOUS -> {
        if (m.rateLimited() != m.spurious429()) {
          failures.add((m.rateLimited() - m.spurious429()) + " real 429s besides the " + m.spurious429() + " spurious ones");
        }
      }
      case NOT_JUDGED -> { }
    }
    if (targets.windowWithinLimit() && m.maxInAnyWindow() > m.scenario().rate().limit()) {
      failures.add(m.maxInAnyWindow() + " requests in one window " + (m.wire().counted() ? "at the wire" : "at the simulator")
          + " > limit " + m.scenario().rate().limit());
    }
    if (targets.minOtherConsumerAccepted() != null && !(m.otherConsumerAccepted() >= targets.minOtherConsumerAccepted())) {
      failures.add(String.format(Locale.ROOT, "the other consumer had %.1f%% of its requests accepted, want >= %.0f%%",
          100 * m.otherConsumerAccepted(), 100 * targets.minOtherConsumerAccepted()));
    }
    if (targets.minAfterOtherStops() != null) {
      double after = m.afterOtherStops();
      if (!m.otherConsumerStopped()) {
        failures.add("the other consumer never stopped: the simulator ignores background.stopAfterMs, so there is "
            + "nothing to measure");
      } else if (!m.wire().counted()) {
        failures.add("not measured: it needs the requests at the wire (" + m.wire().note() + ")");
      } else if (Double.isNaN(after)) {
        failures.add("not measured: the launcher finished within " + Targets.WINDOWS_TO_RECOVER
            + " windows (and one more) of the other consumer's stop");
      } else if (after < targets.minAfterOtherStops()) {
        failures.add(String.format(Locale.ROOT, "%.3f of the whole budget from %d windows after the other consumer "
            + "stopped, want >= %.2f", after, Targets.WINDOWS_TO_RECOVER, targets.minAfterOtherStops()));
      }
    }
    if (targets.honoursRetryAfter()) {
      if (m.retryAfterViolationMaxMsAfter429() > Targets.RETRY_AFTER_GRACE_MS) {
        failures.add(m.retryAfterViolations() + " requests arrived inside a Retry-After, the latest "
            + m.retryAfterViolationMaxMsAfter429() + " ms after its 429 was answered, want none past "
            + Targets.RETRY_AFTER_GRACE_MS + " ms");
      }
      if (m.resumeLagMaxMs() > Targets.MAX_RESUME_LAG_MS) {
        failures.add("resumed up to " + m.resumeLagMaxMs() + " ms after a Retry-After, want <= " + Targets.MAX_RESUME_LAG_MS);
      }
    }
    // CPU is information, no target: at lemlist's real rate a launch is bound by the budget, not by CPU.
    return failures;
  }
}
