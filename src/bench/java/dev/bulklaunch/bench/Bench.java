package dev.bulklaunch.bench;

import dev.bulklaunch.bench.cluster.ClusterStartUp;
import dev.bulklaunch.bench.startup.BaselineBuild;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code scripts/bench [SCENARIO...] [many-keys] [--markdown FILE] [--leads-scale X] [--list]}: runs the launcher
 * against the simulator per scenario (every row and many-keys when none is named), prints one table with PASS/FAIL
 * per run and a final line; exit 1 when a target fails.
 */
public final class Bench {

  private Bench() {
  }

  public static void main(String[] args) throws Exception {
    System.exit(run(args));
  }

  static int run(String[] args) throws Exception {
    try {
      return parseAndRun(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage() + "; try: scripts/bench --help");
      return 2;
    } catch (IllegalStateException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
  }

  private static int parseAndRun(String[] args) throws Exception {
    Map<String, Scenario> known = new LinkedHashMap<>();
    Scenario.all().forEach(s -> known.put(s.name(), s));
    List<Scenario> chosen = new ArrayList<>();
    Path markdown = null;
    double scale = 1.0;
    boolean manyKeys = false;
    int keys = ManyKeysRun.DEFAULT_KEYS;
    Integer leadsPerKey = null;
    boolean startUp = false;
    List<String> clusterRows = new ArrayList<>();
    String baselineRevision = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--markdown" -> markdown = Path.of(value(args, ++i, "--markdown"));
        case "--leads-scale" -> scale = positive("--leads-scale", value(args, ++i, "--leads-scale"));
        case ManyKeysRun.NAME -> manyKeys = true;
        case START_UP -> startUp = true;
        case "--baseline" -> baselineRevision = value(args, ++i, "--baseline");
        case "--keys" -> keys = (int) positive("--keys", value(args, ++i, "--keys"));
        case "--leads-per-key" -> leadsPerKey = (int) positive("--leads-per-key", value(args, ++i, "--leads-per-key"));
        case "--list" -> {
          known.values().forEach(s -> System.out.println(s.name() + "  " + s.title()
              + (s.runs() > 1 ? " (" + s.runs() + " runs)" : "")));
          System.out.println(START_UP + "  start-up without --cluster, exec to the first request, median of "
              + StartUpRow.RUNS + ", A/B against --baseline REV (default main, or HEAD^ on main; none: no A/B) in one "
              + "run; clustered start-up, exec to joined");
          System.out.println(ClusterRows.describe());
          System.out.println(ManyKeysRun.NAME + "  one server, --keys N (" + ManyKeysRun.DEFAULT_KEYS + ") keys at "
              + ManyKeysRun.RATE + ", --leads-per-key N (" + ManyKeysRun.DEFAULT_LEADS_PER_KEY + ") each, simulator in "
              + "its own process");
          return 0;
        }
        case "-h", "--help" -> {
          System.out.println("usage: scripts/bench [SCENARIO...] [start-up [--baseline REV|none]] "
              + "[many-keys [--keys N] [--leads-per-key N]] [--markdown FILE] [--leads-scale X] [--list]\n"
              + "(no SCENARIO: every row, start-up and many-keys included)");
          return 0;
        }
        case "cluster-3", "cluster-frozen", "cluster-takeover" -> clusterRows.add(args[i]);
        default -> {
          Scenario scenario = known.get(args[i]);
          if (scenario == null) {
            System.err.println("error: unknown scenario '" + args[i] + "'; known: " + String.join(", ", known.keySet())
                + ", " + ManyKeysRun.NAME);
            return 2;
          }
          chosen.add(scenario);
        }
      }
    }
    if (chosen.isEmpty() && !manyKeys && !startUp && clusterRows.isEmpty()) {
      chosen.addAll(known.values());
      manyKeys = true;
      startUp = true;
      clusterRows.addAll(ClusterRows.NAMES);
    }
    double leadsScale = scale;
    List<Scenario> scaled = chosen.stream()
        .map(s -> s.withLeads(Math.max(1, (int) Math.round(s.leads() * leadsScale)))).toList();
    int perKey = leadsPerKey != null ? leadsPerKey
        : Math.max(1, (int) Math.round(ManyKeysRun.DEFAULT_LEADS_PER_KEY * leadsScale));
    ManyKeysPlan plan = manyKeys ? new ManyKeysPlan(keys, perKey) : null;
    StartUpPlan startUpPlan = startUp ? new StartUpPlan(baselineRevision) : null;
    ClusterRows cluster = new ClusterRows(clusterRows, Math.max(1, (int) Math.round(ClusterRows.LEADS_EACH * leadsScale)));
    return runAll(scaled, plan, startUpPlan, cluster, markdown, String.join(" ", args));
  }

  /** The many-keys row's size, when it is part of the run. */
  record ManyKeysPlan(int keys, int leadsPerKey) {
  }

  /** The start-up rows, when they are part of the run: the baseline's revision, null for the default, "none" for no A/B. */
  record StartUpPlan(String baselineRevision) {
  }

  static final String START_UP = "start-up";

  private static int runAll(List<Scenario> scenarios, ManyKeysPlan manyKeys, StartUpPlan startUpPlan,
                            ClusterRows cluster, Path markdown, String arguments) throws Exception {
    Path home = Path.of(System.getProperty("launcher.home", ".")).toAbsolutePath().normalize();
    Path logDir = home.resolve("target/bench");
    Files.createDirectories(logDir);
    Machine machine = Machine.describe();
    System.out.print(machine.describeLines());
    System.out.println("- load average before: " + machine.loadAverage());
    System.out.println(estimate(scenarios, manyKeys, startUpPlan, cluster));
    BaselineBuild.Built baselineBuild = null;
    if (startUpPlan != null && !"none".equals(startUpPlan.baselineRevision())) {
      String revision = startUpPlan.baselineRevision() != null ? startUpPlan.baselineRevision()
          : BaselineBuild.defaultRevision(home);
      baselineBuild = BaselineBuild.of(home, revision);
    }
    // A bench stopped by a signal must not leave a launcher running on.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
    List<Measurement> measurements = new ArrayList<>();
    String baseline = "";
    StartUpRow.Result startUps = null;
    ClusterStartUp.Result clusterStartUps = null;
    String clusterText = "";
    boolean clusterOk = true;
    if (!scenarios.isEmpty() || startUpPlan != null || !cluster.isEmpty()) {
      Vertx vertx = Vertx.vertx();
      try {
        ScenarioRun runner = new ScenarioRun(vertx, home, logDir);
        if (!scenarios.isEmpty()) {
          baseline = baseline(runner, scenarios.stream().mapToInt(Scenario::leads).max().orElse(1));
        }
        if (startUpPlan != null) {
          startUps = StartUpRow.measure(runner, home, baselineBuild);
          System.err.printf(Locale.ROOT, "measuring clustered start-up: exec to joined, %d runs ...%n", ClusterStartUp.RUNS);
          clusterStartUps = new ClusterStartUp(home, logDir).measure();
        }
        for (Scenario scenario : scenarios) {
          int firstRun = scenario.runs() == 1 ? 0 : 1;
          int lastRun = scenario.runs() == 1 ? 0 : scenario.runs();
          for (int run = firstRun; run <= lastRun; run++) {
            System.err.printf(Locale.ROOT, "running %s%s: %s%d leads (%s) ...%n", scenario.name(),
                run == 0 ? "" : " (run " + run + " of " + scenario.runs() + ")",
                scenario.processes() > 1 ? scenario.processes() + " x " : "", scenario.leads(), scenario.title());
            Measurement m = runner.run(scenario, run);
            System.err.printf(Locale.ROOT, "  done in %.1f s, launcher exit %d, stderr and simulator stats in %s%n",
                m.wallMs() / 1000.0, m.exitCode(), home.relativize(logDir.resolve(scenario.name() + "*")));
            measurements.add(m);
          }
        }
        if (!cluster.isEmpty()) {
          ClusterRows.Outcome outcome = cluster.run(vertx, home, logDir);
          clusterText = outcome.text();
          clusterOk = outcome.passed();
        }
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get();
      }
    }
    ManyKeysRun manyKeysRun = null;
    ManyKeysRun.Result manyKeysResult = null;
    String floorText = "";
    if (manyKeys != null) {
      System.err.printf(Locale.ROOT, "running %s: %d keys x %d leads ...%n", ManyKeysRun.NAME, manyKeys.keys(), manyKeys.leadsPerKey());
      manyKeysRun = new ManyKeysRun(home, logDir, manyKeys.keys(), manyKeys.leadsPerKey());
      manyKeysResult = manyKeysRun.run();
      floorText = floorText(manyKeysRun);
    }
    Report report = new Report(measurements);
    boolean startUpOk = true;
    if (startUps != null) {
      startUpOk = startUps.passed() && clusterStartUps.passed();
      baseline = (baseline.isEmpty() ? "" : baseline + "\n") + startUps.text() + "\n" + clusterStartUps.text();
    }
    String manyKeysText = (manyKeysResult == null ? "" : manyKeysSection(manyKeysRun, manyKeysResult, floorText)) + clusterText;
    boolean passed = report.allPassed() && startUpOk && clusterOk && (manyKeysResult == null || manyKeysResult.passed());
    String finalLine = finalLine(report, manyKeysResult, startUpOk);
    if (!clusterOk) {
      finalLine = "FAIL: " + finalLine.replaceFirst("^(PASS|FAIL): ", "") + "; a cluster row missed a target";
    }
    String loadAfter = Machine.currentLoadAverage();
    System.out.println("- load average after: " + loadAfter);
    System.out.println();
    if (!measurements.isEmpty()) {
      System.out.print(report.table().text());
      System.out.println();
      System.out.println("utilization = " + Utilization.FORMULA + " (two-processes over both launchers, reset-delta-10, "
          + "answer-bursts: " + Utilization.Formula.ONE_OUT.text
          + "), arrivals at the wire; most in any window counted from the kernel's timestamps of the request packets "
          + "(tcpdump on lo), the simulator's own count beside it; CPU of the launcher process as reaped (exact), "
          + "peak RSS (VmHWM) sampled from /proc every " + ProcessSampler.PERIOD_MS + " ms");
    }
    System.out.print(manyKeysText);
    System.out.print(report.failures());
    System.out.print(report.notes());
    if (!baseline.isEmpty()) {
      System.out.println(baseline);
    }
    System.out.println(finalLine);
    if (markdown != null) {
      MarkdownReport.write(markdown, MarkdownReport.section(machine, ("scripts/bench " + arguments).trim(), loadAfter,
          baseline, report, manyKeysText, manyKeysRun == null ? "" : manyKeysRun.targets(), finalLine));
      System.err.println("wrote " + markdown);
    }
    return passed ? 0 : 1;
  }

  /** Info only: a floor that could not be measured is said so and fails nothing. */
  private static String floorText(ManyKeysRun run) {
    System.err.println("running the many-keys CPU floor (a bare Vert.x client, the same span) ...");
    try {
      return run.floor().measure().describe();
    } catch (Exception e) {
      return "note many-keys: the CPU floor was not measured (" + e.getMessage() + ")\n";
    }
  }

  private static String manyKeysSection(ManyKeysRun run, ManyKeysRun.Result result, String floorText) {
    StringBuilder out = new StringBuilder("\n").append(run.header()).append('\n').append(run.describe(result)).append("\n\n");
    out.append(String.format(Locale.ROOT, "projection (no target): %.3f s per 1,000 launches x 3,000 launches/s = %.2f CPU "
        + "s per s for 300 keys%n", result.launcherCpuPer1000(), result.projectedCpuPerSecond()));
    out.append(floorText);
    if (!result.wire().counted()) {
      out.append("note many-keys: no capture at the wire (").append(result.wire().note())
          .append("); its window is the simulator's own count\n");
    } else if (!result.wire().note().isEmpty()) {
      out.append("note many-keys: ").append(result.wire().note()).append('\n');
    }
    result.failures().forEach(f -> out.append("FAIL ").append(ManyKeysRun.NAME).append(": ").append(f).append('\n'));
    return out.toString();
  }

  private static String finalLine(Report report, ManyKeysRun.Result manyKeys, boolean startUpOk) {
    List<String> failed = new ArrayList<>(report.failedRows());
    int rows = report.rows();
    if (manyKeys != null) {
      rows++;
      if (!manyKeys.passed()) {
        failed.add(ManyKeysRun.NAME);
      }
    }
    String startUp = startUpOk ? "" : " (and start-up)";
    if (failed.isEmpty()) {
      return (startUpOk ? "PASS" : "FAIL") + ": all targets met in " + rows + " of " + rows + " scenarios" + startUp;
    }
    return "FAIL: " + failed.size() + " of " + rows + " scenarios missed a target (" + String.join(", ", failed) + ")" + startUp;
  }

  private static String estimate(List<Scenario> scenarios, ManyKeysPlan manyKeys, StartUpPlan startUp,
                                 ClusterRows cluster) {
    double seconds = scenarios.stream().mapToDouble(Scenario::estimatedSeconds).sum() + cluster.estimatedSeconds();
    if (!scenarios.isEmpty()) {
      seconds += 5;
    }
    if (startUp != null) {
      seconds += StartUpRow.RUNS * 2 * 2 + ClusterStartUp.RUNS * 10;
    }
    if (manyKeys != null) {
      seconds += ManyKeysRun.estimatedSeconds(manyKeys.leadsPerKey());
    }
    return String.format(Locale.ROOT, "- estimated time: about %.0f min (%d rows%s)", Math.ceil(seconds / 60),
        scenarios.size() + (manyKeys == null ? 0 : 1), manyKeys == null ? "" : ", many-keys included");
  }

  // Not a target: shows how much of the CPU per lead is the JVM starting and reading its input rather than sending.
  private static String baseline(ScenarioRun runner, int leads) throws Exception {
    System.err.printf(Locale.ROOT, "running the launcher with --dry-run on %d leads for a baseline ...%n", leads);
    ScenarioRun.LauncherRun dry = runner.dryRun(leads);
    return String.format(Locale.ROOT,
        "baseline (no target): the launcher with --dry-run on %d leads used %.2f CPU s and %.0f MB peak RSS in %.1f s%s",
        leads, dry.cpuSeconds(), dry.peakRssKb() / 1024.0, dry.wallMs() / 1000.0,
        dry.leads().exact() && dry.exitCode() == 0 ? "" : " (exit " + dry.exitCode() + ", lines did not match)");
  }

  private static double positive(String option, String text) {
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " wants a number, not '" + text + "'");
    }
    if (!(value > 0)) {
      throw new IllegalArgumentException(option + " must be above 0");
    }
    return value;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
