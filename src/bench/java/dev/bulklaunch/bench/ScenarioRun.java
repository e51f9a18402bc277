package dev.bulklaunch.bench;

import dev.bulklaunch.bench.wire.Wire;
import dev.bulklaunch.bench.startup.Realtime;
import dev.bulklaunch.bench.wire.WireCapture;
import dev.bulklaunch.bench.wire.WireRequest;
import dev.bulklaunch.simulator.LemlistSimulator;
import dev.bulklaunch.simulator.SimulatorOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs one scenario: the simulator in this process, the launcher as its own process through scripts/launch (so its
 * CPU and memory are its own, with the JVM flags and class-data archive users get), lead IDs piped to its stdin from
 * one thread and its result lines read from another.
 */
final class ScenarioRun {

  static final String API_KEY = "bench-key";

  private final Vertx vertx;
  private final Path home;
  private final Path logDir;
  private final long ticksPerSecond;

  ScenarioRun(Vertx vertx, Path home, Path logDir) {
    this.vertx = vertx;
    this.home = home;
    this.logDir = logDir;
    this.ticksPerSecond = ProcessSampler.clockTicksPerSecond();
  }

  /** One run of {@code scenario}; {@code run} numbers it among the row's runs (0 for a row run once). */
  Measurement run(Scenario scenario, int run) throws Exception {
    String logName = run == 0 ? scenario.name() : scenario.name() + "-" + run;
    LemlistSimulator simulator = await(LemlistSimulator.start(vertx, SimulatorOptions.fromJson(scenario.simulator().copy())));
    try {
      warmUp(simulator, scenario.rate().limit());
      List<String> args = new ArrayList<>(List.of("--base-url", simulator.baseUrl()));
      args.addAll(scenario.launcherArgs());
      WireCapture capture = WireCapture.start(logDir.resolve(logName + ".pcap"), simulator.port());
      LauncherRun launched;
      try {
        launched = launchFor(scenario, logName, args);
      } catch (Exception e) {
        capture.stop(0);
        throw e;
      }
      JsonObject stats = simulator.stats();
      Wire wire = capture.stop(stats.getLong("requests", 0L));
      Files.writeString(logDir.resolve(logName + ".sim-stats.json"), stats.encodePrettily());
      System.err.printf(Locale.ROOT, "  launcher CPU %.2f s (last /proc sample %.2f s); %s%n", launched.cpuSeconds(),
          launched.sampledCpuSeconds(), wire.counted() ? wire.requests().size() + " requests at the wire"
              : "no capture at the wire: " + wire.note());
      return new Measurement(scenario, run, launched.exitCode(), launched.timedOut(), launched.wallMs(),
          launched.cpuSeconds(), launched.peakRssKb(), launched.leads(), stats, wire);
    } finally {
      await(simulator.close());
    }
  }

  private LauncherRun launchFor(Scenario scenario, String logName, List<String> args) throws Exception {
    if (scenario.serverJobs() > 0) {
      int port = ServerJobsDriver.freePort();
      return launch(logName, serveArgs(logName, port, args), timeoutSeconds(scenario),
          new ServerJobsDriver(port, split(leadIds(scenario.leads()), scenario.serverJobs())));
    }
    if (scenario.processes() == 1) {
      return launch(logName, args, leadIds(scenario.leads()), timeoutSeconds(scenario));
    }
    return together(scenario, logName, args);
  }

  /**
   * Several launcher processes on one key, started together, each with leads of its own. Their CPU is the sum of
   * each one's last /proc sample: the reaped-children figure would count one inside the other's span.
   */
  private LauncherRun together(Scenario scenario, String logName, List<String> args) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(scenario.processes());
    try {
      List<java.util.concurrent.Future<LauncherRun>> runs = new ArrayList<>();
      for (int p = 1; p <= scenario.processes(); p++) {
        Set<String> leads = leadIds("lea_p" + p + "x", scenario.leads());
        String name = logName + ".p" + p;
        runs.add(pool.submit(() -> launch(name, args, leads, timeoutSeconds(scenario))));
      }
      LauncherRun all = null;
      for (java.util.concurrent.Future<LauncherRun> future : runs) {
        LauncherRun one = future.get();
        all = all == null ? one : new LauncherRun(all.exitCode() != 0 ? all.exitCode() : one.exitCode(),
            all.timedOut() || one.timedOut(), Math.max(all.wallMs(), one.wallMs()),
            all.sampledCpuSeconds() + one.sampledCpuSeconds(), all.sampledCpuSeconds() + one.sampledCpuSeconds(),
            Math.max(all.peakRssKb(), one.peakRssKb()), all.leads().plus(one.leads()), Math.min(all.startNanos(), one.startNanos()),
            Math.min(all.startEpochMicros(), one.startEpochMicros()));
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  private void warmUp(LemlistSimulator simulator, int limit) throws Exception {
    SimulatorWarmUp.run(vertx, simulator, limit + 20, 16);
  }

  /**
   * From exec to the first request at the simulator, in milliseconds, {@code runs} times for each launcher home
   * ({@code scripts/launch} on a few leads against a fresh simulator, whose request count is watched every
   * millisecond). The homes take turns, in an order that alternates every round (A B, B A, ...), so that a load
   * that comes and goes weighs on each alike. Each home is launched once first, unmeasured: its first launch makes
   * its class-data archive.
   */
  List<List<Long>> startUpMs(List<Path> launcherHomes, int runs) throws Exception {
    LemlistSimulator simulator = await(LemlistSimulator.start(vertx, SimulatorOptions.fromJson(new JsonObject()
        .put("rate", "100/1s"))));
    try {
      warmUp(simulator, 100);
      WireCapture capture = WireCapture.start(logDir.resolve("start-up.pcap"), simulator.port());
      List<long[]> launches = new ArrayList<>(); // per run: which home, exec in epoch microseconds, polled ms
      for (int k = 0; k < launcherHomes.size(); k++) {
        startUpOnce(simulator, launcherHomes.get(k));
      }
      for (int i = 0; i < runs; i++) {
        for (int k = 0; k < launcherHomes.size(); k++) {
          int which = i % 2 == 0 ? k : launcherHomes.size() - 1 - k;
          long[] one = startUpOnce(simulator, launcherHomes.get(which));
          launches.add(new long[] {which, one[0], one[1]});
        }
      }
      Wire wire = capture.stop(simulator.stats().getLong("requests", 0L));
      if (!wire.counted()) {
        System.err.println("  start-up: no capture at the wire (" + wire.note() + "); the first request is when the "
            + "simulator counted it, polled every millisecond");
      }
      List<List<Long>> times = new ArrayList<>();
      launcherHomes.forEach(h -> times.add(new ArrayList<>()));
      for (long[] launch : launches) {
        long firstAtWire = wire.requests().stream().mapToLong(WireRequest::atMicros).filter(at -> at >= launch[1])
            .min().orElse(-1);
        times.get((int) launch[0]).add(wire.counted() && firstAtWire > 0 ? (firstAtWire - launch[1]) / 1000 : launch[2]);
      }
      return times;
    } finally {
      await(simulator.close());
    }
  }

  /** One start-up run: its exec in epoch microseconds (the wire's clock) and, polled, exec to the first request in ms. */
  private long[] startUpOnce(LemlistSimulator simulator, Path launcherHome) throws Exception {
    simulator.reset();
    long[] firstRequestNanos = {-1};
    LauncherRun run = launch("start-up", launcherHome, Realtime.prefix(),
        List.of("--base-url", simulator.baseUrl(), "--progress", "never"),
        60, (launcher, deadlineNanos) -> feedAndRead(launcher, leadIds(5), 60, () -> {
          if (firstRequestNanos[0] < 0 && simulator.stats().getLong("requests", 0L) > 0) {
            firstRequestNanos[0] = System.nanoTime();
          }
        }));
    if (firstRequestNanos[0] < 0 || run.exitCode() != 0) {
      throw new IllegalStateException("a start-up run of " + launcherHome + " sent no request (exit " + run.exitCode()
          + ")");
    }
    return new long[] {run.startEpochMicros(), (firstRequestNanos[0] - run.startNanos()) / 1_000_000};
  }

  /** The same launcher on the same number of leads with {@code --dry-run}: what JVM start, input and output cost without sending. */
  LauncherRun dryRun(int leads) throws Exception {
    return launch("dry-run", List.of("--dry-run", "--progress", "never"), leadIds(leads), 120);
  }

  /** One launcher process, from start to exit, with its CPU, peak memory and output lines. */
  /**
   * {@code cpuSeconds} is exact (the launcher's CPU as the kernel accounts it when the process is reaped);
   * {@code sampledCpuSeconds} is the last 50 ms reading, kept as a cross-check and fallback.
   */
  record LauncherRun(int exitCode, boolean timedOut, long wallMs, double cpuSeconds, double sampledCpuSeconds, long peakRssKb,
      Measurement.LeadCheck leads, long startNanos, long startEpochMicros) {
  }

  /** What the bench does with a running launcher: feed it, read it, wait for it; the lead check of its output. */
  interface Driver {
    Measurement.LeadCheck drive(Process launcher, long deadlineNanos) throws Exception;
  }

  private LauncherRun launch(String name, List<String> args, Set<String> leads, long timeoutSeconds) throws Exception {
    return launch(name, args, timeoutSeconds, (launcher, deadline) -> feedAndRead(launcher, leads, timeoutSeconds, () -> { }));
  }

  /** Pipes {@code leads} in, reads result lines out, and waits for the exit, calling {@code watch} every millisecond. */
  private static Measurement.LeadCheck feedAndRead(Process launcher, Set<String> leads, long timeoutSeconds,
                                                   Runnable watch) throws InterruptedException {
    LeadTally tally = new LeadTally();
    Thread feeder = daemon("bench-stdin", () -> feed(launcher, leads));
    Thread reader = daemon("bench-stdout", () -> read(launcher, tally));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (!launcher.waitFor(1, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
      watch.run();
    }
    if (launcher.isAlive()) {
      launcher.destroyForcibly().waitFor();
    }
    feeder.join(5_000);
    reader.join(5_000);
    return tally.against(leads);
  }

  private LauncherRun launch(String name, List<String> args, long timeoutSeconds, Driver driver) throws Exception {
    return launch(name, home, List.of(), args, timeoutSeconds, driver);
  }

  /** @param prefix what runs scripts/launch ({@link Realtime#prefix()}), or nothing */
  private LauncherRun launch(String name, Path launcherHome, List<String> prefix, List<String> args, long timeoutSeconds,
                             Driver driver) throws Exception {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(command(launcherHome, args));
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(launcherHome.toFile())
        .redirectError(logDir.resolve(name + ".stderr.log").toFile());
    builder.environment().keySet().removeIf(variable -> variable.startsWith("LEMLIST_") || variable.startsWith("LAUNCH"));
    builder.environment().put("LEMLIST_API_KEY", API_KEY);
    builder.environment().put("JAVA_OPTS", "-Xmx256m");

    long jarBefore = jarModified(launcherHome);
    long childrenCpuBefore = ProcessSampler.reapedChildrenCpuTicks();
    Instant startInstant = Instant.now();
    long startNanos = System.nanoTime();
    Process launcher = builder.start();
    try (ProcessSampler sampler = new ProcessSampler(launcher.pid())) {
      Measurement.LeadCheck leads = driver.drive(launcher, startNanos + TimeUnit.SECONDS.toNanos(timeoutSeconds));
      boolean finished = launcher.waitFor(10, TimeUnit.SECONDS);
      if (!finished) {
        launcher.destroyForcibly().waitFor();
      }
      finished &= System.nanoTime() - startNanos < TimeUnit.SECONDS.toNanos(timeoutSeconds);
      long wallMs = (System.nanoTime() - startNanos) / 1_000_000;
      sampler.close();
      ProcessSample usage = sampler.last();
      long exactTicks = ProcessSampler.reapedChildrenCpuTicks() - childrenCpuBefore;
      long cpuTicks = childrenCpuBefore >= 0 && exactTicks >= usage.cpuTicks() ? exactTicks : usage.cpuTicks();
      if (jarModified(launcherHome) != jarBefore) {
        throw new IllegalStateException("target/launcher.jar was rebuilt during the " + name + " run (sources changed "
            + "while the bench ran), so its CPU and time include a build; run scripts/bench again");
      }
      return new LauncherRun(launcher.exitValue(), !finished, wallMs, (double) cpuTicks / ticksPerSecond,
          (double) usage.cpuTicks() / ticksPerSecond, usage.peakRssKb(), leads, startNanos,
          startInstant.getEpochSecond() * 1_000_000 + startInstant.getNano() / 1_000);
    }
  }

  /** The launcher exactly as users run it: scripts/launch, with its JVM flags and class-data archive. */
  private static List<String> command(Path launcherHome, List<String> args) {
    List<String> command = new ArrayList<>(List.of("bash", launcherHome.resolve("scripts").resolve("launch").toString()));
    command.addAll(args);
    return command;
  }

  private static long jarModified(Path launcherHome) throws IOException {
    Path jar = launcherHome.resolve("target").resolve("launcher.jar");
    return Files.exists(jar) ? Files.getLastModifiedTime(jar).toMillis() : -1;
  }

  /** {@code scripts/launch serve} on a free port with a data directory of its own, the run's options after it. */
  private List<String> serveArgs(String name, int port, List<String> runArgs) throws IOException {
    Path dataDir = logDir.resolve(name + ".data");
    if (Files.exists(dataDir)) {
      try (var paths = Files.walk(dataDir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
    Path config = Files.writeString(logDir.resolve(name + ".config.json"),
        new JsonObject().put("server", new JsonObject().put("dataDir", dataDir.toString())).encode());
    List<String> args = new ArrayList<>(List.of("serve", "--config", config.toString(),
        "--port", String.valueOf(port)));
    args.addAll(runArgs.stream().filter(a -> !a.equals("--progress") && !a.equals("never")).toList());
    return args;
  }

  /** The leads in {@code parts} consecutive parts, one per job. */
  static List<Set<String>> split(Set<String> leads, int parts) {
    List<Set<String>> split = new ArrayList<>();
    List<String> all = new ArrayList<>(leads);
    for (int i = 0; i < parts; i++) {
      split.add(new LinkedHashSet<>(all.subList(i * all.size() / parts, (i + 1) * all.size() / parts)));
    }
    return split;
  }

  static Set<String> leadIds(int count) {
    return leadIds("lea_b", count);
  }

  static Set<String> leadIds(String prefix, int count) {
    Set<String> ids = new LinkedHashSet<>();
    for (int i = 1; i <= count; i++) {
      ids.add(String.format("%s%06d", prefix, i));
    }
    return ids;
  }

  // Generous: four times the ideal duration plus JVM start, so only a stuck launcher is killed.
  private static long timeoutSeconds(Scenario scenario) {
    double perSecond = scenario.rate().perSecond() * scenario.targets().allowedShare();
    return 60 + Math.round(4 * scenario.leads() * scenario.processes() / perSecond);
  }

  private static void feed(Process launcher, Set<String> leads) {
    try (BufferedWriter stdin = new BufferedWriter(new OutputStreamWriter(launcher.getOutputStream(), StandardCharsets.UTF_8))) {
      for (String lead : leads) {
        stdin.write(lead);
        stdin.write('\n');
      }
    } catch (IOException e) {
      // The launcher stopped reading (it exited early); the lead check will show what was lost.
    }
  }

  private static void read(Process launcher, LeadTally tally) {
    try (BufferedReader stdout = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = stdout.readLine()) != null) {
        if (!line.isBlank()) {
          tally.line(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
