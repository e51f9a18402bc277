package dev.bulklaunch.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns measurements into the benchmark table (a row per run, so every run of a five-run row shows), the per-row
 * failures and the final verdict line.
 */
final class Report {

  static final List<String> HEADERS = List.of("scenario", "leads", "wall s", "utilization", "429s",
      "other consumer accepted", "after it stops", "arrivals inside a Retry-After (latest, ms after its 429)",
      "resume lag max ms", "most in any window: wire / simulator / limit", "CPU s / 1,000 leads (info)", "peak RSS MB",
      "result");

  private final List<Measurement> measurements;

  Report(List<Measurement> measurements) {
    this.measurements = List.copyOf(measurements);
  }

  Table table() {
    Table table = new Table(HEADERS);
    for (Measurement m : measurements) {
      Scenario s = m.scenario();
      table.row(List.of(
          m.label(),
          s.processes() > 1 ? s.processes() + " x " + s.leads() : String.valueOf(s.leads()),
          String.format(Locale.ROOT, "%.1f", m.wallMs() / 1000.0),
          utilization(m),
          m.spurious429() > 0 ? m.rateLimited() + " (" + m.spurious429() + " spurious)" : String.valueOf(m.rateLimited()),
          Double.isNaN(m.otherConsumerAccepted()) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * m.otherConsumerAccepted()),
          s.targets().minAfterOtherStops() == null ? "-" : figure(m.afterOtherStops()),
          m.retryAfterViolations() > 0
              ? m.retryAfterViolations() + " (" + m.retryAfterViolationMaxMsAfter429() + ")"
              : String.valueOf(m.retryAfterViolations()),
          m.resumeLagCount() > 0 ? String.valueOf(m.resumeLagMaxMs()) : "-",
          (m.wire().counted() ? String.valueOf(m.wireMaxInAnyWindow()) : "no capture") + " / " + m.simMaxInAnyWindow()
              + " / " + s.rate().limit(),
          String.format(Locale.ROOT, "%.2f", m.cpuSecondsPer1000Leads()),
          String.format(Locale.ROOT, "%.0f", m.peakRssKb() / 1024.0),
          Verdict.failures(m).isEmpty() ? "PASS" : "FAIL"));
    }
    return table;
  }

  /** The row's figure; for a row judged with one request out (issue 17's own figure), the usual one beside it. */
  private static String utilization(Measurement m) {
    Utilization.Formula formula = m.scenario().targets().formula();
    if (formula == Utilization.Formula.ONE_OUT && m.scenario().processes() == 1) {
      return figure(m.utilization()) + " (first window out: " + figure(m.utilization(Utilization.Formula.FIRST_WINDOW_OUT)) + ")";
    }
    return figure(m.utilization());
  }

  private static String figure(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
  }

  /** One line per failing run: its name and every target it missed. */
  String failures() {
    StringBuilder out = new StringBuilder();
    for (Measurement m : measurements) {
      List<String> failures = Verdict.failures(m);
      if (!failures.isEmpty()) {
        out.append("FAIL ").append(m.label()).append(": ").append(String.join("; ", failures)).append('\n');
      }
    }
    return out.toString();
  }

  /** Facts that are no target but change how a row reads: a run counted without a capture, the other consumer's share. */
  String notes() {
    StringBuilder out = new StringBuilder();
    for (Measurement m : measurements) {
      if (!m.wire().counted()) {
        out.append("note ").append(m.label()).append(": no capture at the wire (").append(m.wire().note())
            .append("); its window is the simulator's own count\n");
      } else if (!m.wire().note().isEmpty()) {
        out.append("note ").append(m.label()).append(": ").append(m.wire().note()).append('\n');
      }
      long tried = m.backgroundSpent() + m.backgroundRejected();
      if (tried > 0) {
        out.append(String.format(Locale.ROOT,
            "note %s: the other consumer had %d of %d requests accepted (%.1f%%); it aims at %.0f%% of each window%s%n",
            m.label(), m.backgroundSpent(), tried, 100.0 * m.backgroundSpent() / tried,
            100 * m.scenario().simulator().getJsonObject("background", new io.vertx.core.json.JsonObject()).getDouble("fraction", 0.0),
            m.scenario().targets().allowedShare() < 1 ? ", so a utilization above 1 means the launcher took part of its share" : ""));
      }
    }
    return out.toString();
  }

  boolean allPassed() {
    return measurements.stream().allMatch(m -> Verdict.failures(m).isEmpty());
  }

  /** Rows, not runs: a five-run row passes only when every run does. */
  List<String> failedRows() {
    return measurements.stream().filter(m -> !Verdict.failures(m).isEmpty()).map(m -> m.scenario().name()).distinct().toList();
  }

  int rows() {
    return (int) measurements.stream().map(m -> m.scenario().name()).distinct().count();
  }

  String finalLine() {
    List<String> failed = failedRows();
    if (failed.isEmpty()) {
      return "PASS: all targets met in " + rows() + " of " + rows() + " scenarios";
    }
    return "FAIL: " + failed.size() + " of " + rows() + " scenarios missed a target (" + String.join(", ", failed) + ")";
  }

  String targetsLegend() {
    Map<String, Scenario> rows = new LinkedHashMap<>();
    measurements.forEach(m -> rows.putIfAbsent(m.scenario().name(), m.scenario()));
    StringBuilder out = new StringBuilder();
    for (Scenario s : rows.values()) {
      out.append("- `").append(s.name()).append("`: ").append(s.title()).append(" (")
          .append(s.processes() > 1 ? s.processes() + " x " : "").append(s.leads()).append(" leads at ").append(s.rate())
          .append(s.runs() > 1 ? ", " + s.runs() + " runs, each judged" : "").append("). Targets: ")
          .append(s.targets().describe(s.rate().limit())).append('\n');
    }
    return out.toString();
  }
}
