package dev.bulklaunch.bench;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code scripts/bench [SCENARIO...] [--markdown FILE] [--leads-scale X] [--list]}: runs the launcher against the
 * simulator per scenario, prints one table with PASS/FAIL per row and a final line; exit 1 when a target fails.
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
    int keys = 300;
    int leadsPerKey = 200;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--markdown" -> markdown = Path.of(value(args, ++i, "--markdown"));
        case "--leads-scale" -> scale = positive(value(args, ++i, "--leads-scale"));
        case ManyKeysRun.NAME -> manyKeys = true;
        case "--keys" -> keys = (int) positive(value(args, ++i, "--keys"));
        case "--leads-per-key" -> leadsPerKey = (int) positive(value(args, ++i, "--leads-per-key"));
        case "--list" -> {
          known.values().forEach(s -> System.out.println(s.name() + "  " + s.title()));
          System.out.println(ManyKeysRun.NAME + "  one server, --keys N (300) keys at 20/2s, --leads-per-key N (200) each, "
              + "simulator in its own process (not in the default set: it needs the whole machine)");
          return 0;
        }
        case "-h", "--help" -> {
          System.out.println("usage: scripts/bench [SCENARIO...] [--markdown FILE] [--leads-scale X] [--list]");
          return 0;
        }
        default -> {
          Scenario scenario = known.get(args[i]);
          if (scenario == null) {
            System.err.println("error: unknown scenario '" + args[i] + "'; known: " + String.join(", ", known.keySet()));
            return 2;
          }
          chosen.add(scenario);
        }
      }
    }
    if (manyKeys) {
      int code = runManyKeys(keys, leadsPerKey);
      if (chosen.isEmpty()) {
        return code;
      }
    }
    if (chosen.isEmpty()) {
      chosen.addAll(known.values());
    }
    double leadsScale = scale;
    return runAll(chosen.stream().map(s -> s.withLeads(Math.max(1, (int) Math.round(s.leads() * leadsScale)))).toList(),
        markdown, String.join(" ", args));
  }

  private static int runAll(List<Scenario> scenarios, Path markdown, String arguments) throws Exception {
    Path home = Path.of(System.getProperty("launcher.home", ".")).toAbsolutePath().normalize();
    Path logDir = home.resolve("target/bench");
    Files.createDirectories(logDir);
    Machine machine = Machine.describe();
    System.out.print(machine.describeLines());
    System.out.println("- load average before: " + machine.loadAverage());
    // A bench stopped by a signal must not leave a launcher running on.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
    Vertx vertx = Vertx.vertx();
    List<Measurement> measurements = new ArrayList<>();
    String baseline;
    List<Long> startUps;
    try {
      ScenarioRun runner = new ScenarioRun(vertx, home, logDir);
      baseline = baseline(runner, scenarios.stream().mapToInt(Scenario::leads).max().orElse(1));
      System.err.printf(Locale.ROOT, "measuring start-up: exec to the first request on the wire, %d runs ...%n", START_UP_RUNS);
      startUps = runner.startUpMs(START_UP_RUNS);
      for (Scenario scenario : scenarios) {
        System.err.printf(Locale.ROOT, "running %s: %d leads (%s) ...%n", scenario.name(), scenario.leads(), scenario.title());
        Measurement m = runner.run(scenario);
        System.err.printf(Locale.ROOT, "  done in %.1f s, launcher exit %d, stderr and simulator stats in %s%n", m.wallMs() / 1000.0,
            m.exitCode(), home.relativize(logDir.resolve(scenario.name() + ".*")));
        measurements.add(m);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
    Report report = new Report(measurements);
    long startUpMedian = median(startUps);
    boolean startUpOk = startUpMedian <= Targets.MAX_START_UP_MS;
    baseline = baseline + "\n" + String.format(Locale.ROOT,
        "%s start-up: exec to the first request on the wire, median of %d: %d ms (runs %s), target <= %d ms",
        startUpOk ? "PASS" : "FAIL", START_UP_RUNS, startUpMedian, startUps, Targets.MAX_START_UP_MS);
    String loadAfter = Machine.currentLoadAverage();
    System.out.println("- load average after: " + loadAfter);
    System.out.println();
    System.out.print(report.table().text());
    System.out.println();
    System.out.println("utilization = " + Utilization.FORMULA + "; CPU of the launcher process as reaped (exact), peak RSS "
        + "(VmHWM) sampled from /proc every " + ProcessSampler.PERIOD_MS + " ms");
    System.out.print(report.failures());
    System.out.print(report.notes());
    System.out.println(baseline);
    System.out.println(report.finalLine());
    if (markdown != null) {
      MarkdownReport.write(markdown,
          MarkdownReport.section(machine, ("scripts/bench " + arguments).trim(), loadAfter, baseline, report));
      System.err.println("wrote " + markdown);
    }
    return report.allPassed() && startUpOk ? 0 : 1;
  }

  private static final int START_UP_RUNS = 5;

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static int runManyKeys(int keys, int leadsPerKey) throws Exception {
    Path home = Path.of(System.getProperty("launcher.home", ".")).toAbsolutePath().normalize();
    Path logDir = Files.createDirectories(home.resolve("target/bench"));
    Machine machine = Machine.describe();
    System.out.print(machine.describeLines());
    System.out.println("- load average before: " + machine.loadAverage());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
    System.err.printf(Locale.ROOT, "running %s: %d keys x %d leads ...%n", ManyKeysRun.NAME, keys, leadsPerKey);
    ManyKeysRun run = new ManyKeysRun(home, logDir, keys, leadsPerKey);
    ManyKeysRun.Result result = run.run();
    System.out.println("- load average after: " + Machine.currentLoadAverage());
    System.out.println();
    System.out.println(ManyKeysRun.header());
    System.out.println(run.describe(result));
    result.failures().forEach(f -> System.out.println("  FAIL " + ManyKeysRun.NAME + ": " + f));
    System.out.println(result.passed() ? "many-keys: every target met" : "many-keys: some targets not met");
    return result.passed() ? 0 : 1;
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

  private static double positive(String text) {
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--leads-scale wants a number, not '" + text + "'");
    }
    if (!(value > 0)) {
      throw new IllegalArgumentException("--leads-scale must be above 0");
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
