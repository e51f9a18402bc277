package dev.bulklaunch.bench;

import dev.bulklaunch.bench.startup.BaselineBuild;
import dev.bulklaunch.bench.startup.Realtime;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Start-up without {@code --cluster}, exec to the first request, as an A/B in one run: this tree's launcher and a
 * baseline revision's take turns ({@link ScenarioRun#startUpMs}), so both meet the same machine. This tree must stay
 * within {@link #MAX_SLOWER} of the baseline (issue 19) and under {@link Targets#MAX_START_UP_MS} (issue 17).
 */
final class StartUpRow {

  static final int RUNS = 10;
  static final double MAX_SLOWER = 0.05;

  private StartUpRow() {
  }

  /** The verdict lines; {@code baseline} null measures this tree alone. */
  static Result measure(ScenarioRun runner, Path home, BaselineBuild.Built baseline) throws Exception {
    System.err.printf(Locale.ROOT, "measuring start-up: exec to the first request, %d runs%s ...%n", RUNS,
        baseline == null ? "" : " each, taking turns with the baseline " + baseline.revision() + " (" + baseline.commit() + ")");
    List<Path> homes = baseline == null ? List.of(home) : List.of(home, baseline.home());
    List<List<Long>> times = runner.startUpMs(homes, RUNS);
    long ours = median(times.get(0));
    boolean absoluteOk = ours <= Targets.MAX_START_UP_MS;
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
        "%s start-up: exec to the first request, median of %d: %d ms (runs %s), target <= %d ms (%s)",
        absoluteOk ? "PASS" : "FAIL", RUNS, ours, times.get(0), Targets.MAX_START_UP_MS,
        Realtime.available() ? "the launcher real-time, chrt -f 10" : "normal priority: chrt was refused"));
    boolean abOk = true;
    if (baseline != null) {
      long theirs = median(times.get(1));
      double ratio = (double) ours / theirs;
      abOk = ratio <= 1 + MAX_SLOWER;
      text.append(String.format(Locale.ROOT,
          "%n%s start-up A/B: this tree %d ms against the baseline %s (%s) %d ms (runs %s), taking turns in one run: "
              + "%+.1f %%, target within +%.0f %%",
          abOk ? "PASS" : "FAIL", ours, baseline.revision(), baseline.commit(), theirs, times.get(1),
          (ratio - 1) * 100, MAX_SLOWER * 100));
    }
    return new Result(absoluteOk && abOk, text.toString());
  }

  record Result(boolean passed, String text) {
  }

  static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
