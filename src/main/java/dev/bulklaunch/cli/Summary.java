package dev.bulklaunch.cli;

import dev.bulklaunch.launch.JobControl;
import dev.bulklaunch.launch.JobStats;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The closing report on stderr: counts by status and code, time, rate, 429s, retries, and how to re-run failures. */
final class Summary {

  private Summary() {
  }

  static String render(JobStats stats, JobControl control, Path stdoutFile) {
    StringBuilder out = new StringBuilder();
    double seconds = stats.elapsedMillis() / 1000;
    out.append(String.format(Locale.ROOT, "%nsummary: %d leads in %.1f s, %d requests (%.2f/s mean), %d answered 429, %d retries%n",
        stats.done(), seconds, stats.sent(), stats.sent() / Math.max(seconds, 0.001), stats.rateLimitedCount(),
        stats.retryCount()));
    out.append(String.format(Locale.ROOT, "  launched %8d%n  skipped  %8d%n  failed   %8d%n", stats.launched(),
        stats.skipped(), stats.failed()));
    for (Map.Entry<String, Long> code : stats.byCode().entrySet()) {
      out.append(String.format(Locale.ROOT, "    %-48s %8d%n", code.getKey(), code.getValue()));
    }
    if (control.isStopped()) {
      out.append("stopped early: ").append(control.stopMessage()).append(System.lineSeparator());
    }
    if (stats.failed() > 0) {
      String results = stdoutFile == null ? "RESULTS.ndjson" : quote(stdoutFile.toString());
      out.append("re-run the failed leads: grep '\"status\":\"failed\"' ").append(results)
          .append(" | scripts/launch").append(stdoutFile == null ? "   (RESULTS.ndjson: where stdout went)" : "")
          .append(System.lineSeparator());
    }
    return out.toString();
  }

  /** What the built-in simulator saw, counted at arrival: the proof that the budget held. */
  static String simulatorLine(io.vertx.core.json.JsonObject stats) {
    return String.format(Locale.ROOT,
        "simulator saw: %d requests, %d answered 429, at most %d in any %d ms window (limit %d), %d duplicate launches",
        stats.getLong("requests"), stats.getLong("rateLimited"), stats.getLong("maxInAnyWindow"),
        stats.getLong("windowMs"), stats.getLong("limit"), stats.getLong("duplicateLaunches"));
  }

  private static String quote(String path) {
    return path.matches("[A-Za-z0-9_./-]+") ? path : "'" + path.replace("'", "'\\''") + "'";
  }
}
