package dev.bulklaunch.bench;

import java.util.List;
import java.util.Locale;

/** Turns measurements into the benchmark table, the per-row failures and the final verdict line. */
final class Report {

  static final List<String> HEADERS = List.of("scenario", "leads", "wall s", "utilization", "429s",
      "arrivals inside a Retry-After (latest, ms after its 429)",
      "resume lag max ms", "most in any window / limit", "CPU s / 1,000 leads (info)", "peak RSS MB", "result");

  private final List<Measurement> measurements;

  Report(List<Measurement> measurements) {
    this.measurements = List.copyOf(measurements);
  }

  Table table() {
    Table table = new Table(HEADERS);
    for (Measurement m : measurements) {
      table.row(List.of(
          m.scenario().name(),
          String.valueOf(m.scenario().leads()),
          String.format(Locale.ROOT, "%.1f", m.wallMs() / 1000.0),
          Double.isNaN(m.utilization()) ? "-" : String.format(Locale.ROOT, "%.3f", m.utilization()),
          m.spurious429() > 0 ? m.rateLimited() + " (" + m.spurious429() + " spurious)" : String.valueOf(m.rateLimited()),
          m.retryAfterViolations() > 0
              ? m.retryAfterViolations() + " (" + m.retryAfterViolationMaxMsAfter429() + ")"
              : String.valueOf(m.retryAfterViolations()),
          m.resumeLagCount() > 0 ? String.valueOf(m.resumeLagMaxMs()) : "-",
          m.maxInAnyWindow() + " / " + m.scenario().rate().limit(),
          String.format(Locale.ROOT, "%.2f", m.cpuSecondsPer1000Leads()),
          String.format(Locale.ROOT, "%.0f", m.peakRssKb() / 1024.0),
          Verdict.failures(m).isEmpty() ? "PASS" : "FAIL"));
    }
    return table;
  }

  /** One line per failing scenario: its name and every target it missed. */
  String failures() {
    StringBuilder out = new StringBuilder();
    for (Measurement m : measurements) {
      List<String> failures = Verdict.failures(m);
      if (!failures.isEmpty()) {
        out.append("FAIL ").append(m.scenario().name()).append(": ").append(String.join("; ", failures)).append('\n');
      }
    }
    return out.toString();
  }

  /** Facts that are no target but change how a row reads: how much the other consumer of a shared key got. */
  String notes() {
    StringBuilder out = new StringBuilder();
    for (Measurement m : measurements) {
      long tried = m.backgroundSpent() + m.backgroundRejected();
      if (tried > 0) {
        out.append(String.format(Locale.ROOT,
            "note %s: the other consumer had %d of %d requests accepted (%.0f%%); it aims at %.0f%% of each window, "
                + "so a utilization above 1 means the launcher took part of its share%n",
            m.scenario().name(), m.backgroundSpent(), tried, 100.0 * m.backgroundSpent() / tried,
            100 * (1 - m.scenario().targets().allowedShare())));
      }
    }
    return out.toString();
  }

  boolean allPassed() {
    return measurements.stream().allMatch(m -> Verdict.failures(m).isEmpty());
  }

  String finalLine() {
    List<String> failed = measurements.stream().filter(m -> !Verdict.failures(m).isEmpty()).map(m -> m.scenario().name()).toList();
    if (failed.isEmpty()) {
      return "PASS: all targets met in " + measurements.size() + " of " + measurements.size() + " scenarios";
    }
    return "FAIL: " + failed.size() + " of " + measurements.size() + " scenarios missed a target (" + String.join(", ", failed) + ")";
  }

  String targetsLegend() {
    StringBuilder out = new StringBuilder();
    for (Measurement m : measurements) {
      out.append("- `").append(m.scenario().name()).append("`: ").append(m.scenario().title()).append(" (")
          .append(m.scenario().leads()).append(" leads at ").append(m.scenario().rate()).append("). Targets: ")
          .append(m.scenario().targets().describe(m.scenario().rate().limit())).append('\n');
    }
    return out.toString();
  }
}
