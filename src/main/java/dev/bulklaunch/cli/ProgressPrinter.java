package dev.bulklaunch.cli;

import dev.bulklaunch.launch.JobStats;
import java.util.Locale;

/** Renders a job's live counters on stderr: a redrawn bar on a terminal, plain lines otherwise. */
final class ProgressPrinter {

  private static final int BAR_WIDTH = 28;

  private final Console console;
  private final JobStats stats;
  private final boolean terminal;

  ProgressPrinter(Console console, JobStats stats, boolean terminal) {
    this.console = console;
    this.stats = stats;
    this.terminal = terminal;
  }

  long intervalMs() {
    return terminal ? 250 : 2000;
  }

  void tick() {
    String status = String.format(Locale.ROOT, "%d/%d done  launched %d  skipped %d  failed %d  in flight %d  %.1f req/s  429s %d%s",
        stats.done(), stats.read(), stats.launched(), stats.skipped(), stats.failed(),
        stats.inFlight(), stats.currentRate(), stats.rateLimitedCount(), eta());
    if (terminal) {
      console.print("\r\033[K" + bar() + " " + status);
    } else {
      console.line("progress: " + status);
    }
  }

  void finish() {
    if (terminal) {
      console.print("\r\033[K");
    }
  }

  private String bar() {
    long read = Math.max(1, stats.read());
    int filled = (int) Math.min(BAR_WIDTH, stats.done() * BAR_WIDTH / read);
    return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "]";
  }

  private String eta() {
    Double eta = stats.etaSeconds();
    return eta == null ? "" : String.format(Locale.ROOT, "  ETA %ds", Math.round(eta));
  }
}
