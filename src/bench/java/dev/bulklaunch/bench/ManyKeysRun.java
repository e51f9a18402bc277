package dev.bulklaunch.bench;

import dev.bulklaunch.bench.wire.KeyWindows;
import dev.bulklaunch.bench.wire.Wire;
import dev.bulklaunch.bench.wire.WireCapture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code many-keys} row: one {@code scripts/launch serve} with {@code keys} keys, against {@code scripts/launch
 * simulate} in a process of its own (each key its own limit, lognormal latency), {@code leadsPerKey} leads per key
 * uploaded as one job per key, all at once. Measured from the simulator's per-key statistics and both processes'
 * {@code /proc} figures.
 */
final class ManyKeysRun {

  static final String NAME = "many-keys";
  static final String RATE = "20/2s";
  static final int LIMIT = 20;
  static final long WINDOW_MS = 2_000;
  /**
   * The simulator stamps arrivals as lemlist would, so its own pauses must not move them: under the serial collector
   * of conf/jvm-serve.options its young collections paused it 19-47 ms and the requests that came meanwhile were
   * stamped together; 4 of 7 runs at 100 keys saw 21-22 arrivals in one key's window (in the one examined, the
   * window opened in a 47 ms collection). ZGC pauses under a millisecond: 3 of 3 such runs saw 20.
   */
  static final String SIMULATOR_OPTS = "-Xmx512m -XX:-UseSerialGC -XX:+UseZGC";
  /** Issue 17: the launcher's CPU from 15 s to 45 s after the uploads (past the JIT's warm-up; a 600-lead key runs 60 s). */
  static final long STEADY_AFTER_MS = Long.getLong("manyKeys.steadyAfterMs", 15_000);
  static final long STEADY_FOR_MS = Long.getLong("manyKeys.steadyForMs", 30_000);
  /** The simulator's warm-up before the server starts: about what the keys' first windows ask of it. */
  static final int WARM_UP_REQUESTS = 4_000;
  static final int WARM_UP_CONNECTIONS = 200;
  static final int DEFAULT_KEYS = 100;
  static final int DEFAULT_LEADS_PER_KEY = 600;
  static final double MIN_SLOWEST_UTILIZATION = 0.93;
  static final double MAX_CPU_PER_1000 = 0.15;
  /** 300 keys at 20 per 2 s: what the launcher's CPU per launch is projected onto, no longer measured here. */
  static final double PROJECTED_LAUNCHES_PER_SECOND = 3_000;

  private final Path home;
  private final Path logDir;
  private final int keys;
  private final int leadsPerKey;
  private final long ticksPerSecond = ProcessSampler.clockTicksPerSecond();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  private final long steadyAfterMs;
  private final long steadyForMs;

  /** Fewer leads per key than the default (a quick look) shorten the CPU span in proportion, so it stays inside the run. */
  ManyKeysRun(Path home, Path logDir, int keys, int leadsPerKey) {
    this.home = home;
    this.logDir = logDir;
    this.keys = keys;
    this.leadsPerKey = leadsPerKey;
    double shorter = Math.min(1.0, leadsPerKey / (double) DEFAULT_LEADS_PER_KEY);
    this.steadyAfterMs = Math.round(STEADY_AFTER_MS * shorter);
    this.steadyForMs = Math.round(STEADY_FOR_MS * shorter);
  }

  /** What one run measured. */
  record Result(int keys, int leadsPerKey, long launched, long rateLimited, int worstWindow, int worstWindowAtSimulator,
                Wire wire, double slowestUtilization,
                double aggregatePerSecond, double launcherCpuPer1000, double simulatorCpuPerSecond,
                double launcherCpuPerSecond, long heapUsedMb, long heapAfterGcMb, double gcPauseSeconds,
                long gcPauses, long peakRssMb, double wallSeconds, List<String> failures) {

    boolean passed() {
      return failures.isEmpty();
    }

    /** CPU seconds per second the launcher would need at 3,000 launches/s, at the measured cost per launch. */
    double projectedCpuPerSecond() {
      return launcherCpuPer1000 * PROJECTED_LAUNCHES_PER_SECOND / 1000;
    }
  }

  Result run() throws Exception {
    Path work = Files.createDirectories(logDir.resolve(NAME + ".work"));
    Path dataDir = work.resolve("data-" + System.nanoTime());
    // every key's job is uploaded and runs at once: the server's limits (8 uploads, 64 running jobs) raised to fit
    Path serveConfig = Files.writeString(work.resolve("serve.json"), new JsonObject()
        .put("server", new JsonObject().put("dataDir", dataDir.toString())
            .put("maxUploads", keys + 8).put("maxRunningJobs", keys + 8)).encode());
    Process simulator = startSimulator(work, "simulate");
    Process server = null;
    try {
      String simUrl = simulatorUrl(simulator, "simulate");
      warmUp(simUrl);
      server = start("serve", List.of("serve", "--config", serveConfig.toString(), "--port", "0", "--base-url", simUrl,
          "--rate", RATE, "--max-in-flight", "10"), System.getenv().getOrDefault("MANY_KEYS_SERVER_OPTS", "-Xmx512m"),
          Map.of("LEMLIST_API_KEYS", keyList()));
      String serverUrl = awaitLine(server, NAME + ".serve.log", Pattern.compile("serving: (http://\\S+/)"));
      String simRoot = simUrl.replaceFirst("/api$", "");
      WireCapture capture = WireCapture.start(logDir.resolve(NAME + ".pcap"), URI.create(simUrl).getPort());
      try (ProcessSampler serverMemory = new ProcessSampler(server.pid())) {
        return measure(serverUrl, simRoot, server, simulator, serverMemory, capture);
      } finally {
        capture.stop(0);
      }
    } finally {
      stop(server, simulator);
    }
  }

  /** Ends each process that was started (null: not started), waiting up to 10 s for each. */
  static void stop(Process... processes) throws InterruptedException {
    for (Process process : processes) {
      if (process != null) {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private Result measure(String serverUrl, String simRoot, Process server, Process simulator,
                         ProcessSampler serverMemory, WireCapture capture) throws Exception {
    long startNanos = System.nanoTime();
    List<CompletableFuture<HttpResponse<String>>> uploads = new ArrayList<>();
    for (int k = 1; k <= keys; k++) {
      uploads.add(http.sendAsync(HttpRequest.newBuilder(URI.create(serverUrl + "api/jobs?key=" + keyName(k)))
          .header("Content-Type", "text/plain").timeout(Duration.ofSeconds(60))
          .POST(HttpRequest.BodyPublishers.ofString(leads(k))).build(), HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> upload : uploads) {
      HttpResponse<String> answer = upload.get(60, TimeUnit.SECONDS);
      if (answer.statusCode() != 201) {
        throw new IllegalStateException("upload answered " + answer.statusCode() + ": " + answer.body());
      }
    }
    long uploadedMs = (System.nanoTime() - startNanos) / 1_000_000;
    Thread.sleep(Math.max(0, steadyAfterMs - uploadedMs));
    long[] cpuBefore = {cpuTicks(server), cpuTicks(simulator)};
    long launchesBefore = simStats(simRoot).getLong("launches");
    long steadyStart = System.nanoTime();
    Thread.sleep(steadyForMs);
    long[] cpuAfter = {cpuTicks(server), cpuTicks(simulator)};
    long launchesAfter = simStats(simRoot).getLong("launches");
    double steadySeconds = (System.nanoTime() - steadyStart) / 1e9;
    Map<String, Double> midRun = metrics(serverUrl);

    long total = (long) keys * leadsPerKey;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60 + 4L * leadsPerKey / 10);
    long done = 0;
    while (System.nanoTime() < deadline) {
      done = finished(serverUrl);
      if (done >= total) {
        break;
      }
      Thread.sleep(1000);
    }
    double wallSeconds = (System.nanoTime() - startNanos) / 1e9;
    JsonObject stats = simStats(simRoot);
    Files.writeString(logDir.resolve(NAME + ".sim-stats.json"), stats.encodePrettily());
    Files.writeString(logDir.resolve(NAME + ".arrivals.json"), get(simRoot + "/_sim/arrivals"));
    Map<String, Double> after = metrics(serverUrl);
    Wire wire = capture.stop(stats.getLong("requests", 0L));
    Map<String, KeyWindows> atWire = wire.perKey(WINDOW_MS);

    int worstWindow = 0;
    int worstAtSimulator = 0;
    double slowest = Double.POSITIVE_INFINITY;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long accepted = 0;
    JsonObject byKey = stats.getJsonObject("byKey");
    for (String key : byKey.fieldNames()) {
      JsonObject seen = byKey.getJsonObject(key);
      KeyWindows wired = atWire.get(key);
      worstAtSimulator = Math.max(worstAtSimulator, seen.getInteger("maxInAnyWindow"));
      worstWindow = Math.max(worstWindow, wire.counted() && wired != null ? wired.maxInAnyWindow() : seen.getInteger("maxInAnyWindow"));
      double keyFirst = wire.counted() && wired != null ? wired.firstMicros() / 1000.0 : seen.getLong("firstArrivalMs");
      double keyLast = wire.counted() && wired != null ? wired.lastMicros() / 1000.0 : seen.getLong("lastArrivalMs");
      slowest = Math.min(slowest, Utilization.of(Utilization.Formula.FIRST_WINDOW_OUT, seen.getLong("requests"), LIMIT, keyFirst, keyLast, WINDOW_MS, LIMIT));
      first = Math.min(first, seen.getLong("firstArrivalMs"));
      last = Math.max(last, seen.getLong("lastArrivalMs"));
      accepted += seen.getLong("requests");
    }
    if (wire.counted() && atWire.size() != byKey.size()) {
      System.err.printf(Locale.ROOT, "  the wire saw %d keys, the simulator %d%n", atWire.size(), byKey.size());
    }
    double aggregate = (accepted - (double) LIMIT * byKey.size()) / ((last - first) / 1000.0);
    long launched = stats.getLong("launches");
    double cpuPer1000 = (cpuAfter[0] - cpuBefore[0]) / (double) ticksPerSecond
        / Math.max(1, launchesAfter - launchesBefore) * 1000;
    Result result = new Result(keys, leadsPerKey, launched, stats.getLong("rateLimited"), worstWindow, worstAtSimulator,
        wire, slowest,
        aggregate, cpuPer1000, (cpuAfter[1] - cpuBefore[1]) / (double) ticksPerSecond / steadySeconds,
        (cpuAfter[0] - cpuBefore[0]) / (double) ticksPerSecond / steadySeconds,
        Math.round(sum(midRun, "jvm_memory_used_bytes{area=\"heap\"") / 1048576),
        Math.round(sum(after, "jvm_gc_live_data_size_bytes") / 1048576),
        sum(after, "jvm_gc_pause_seconds_sum"), Math.round(sum(after, "jvm_gc_pause_seconds_count")),
        serverMemory.last().peakRssKb() / 1024, wallSeconds, new ArrayList<>());
    check(result, done, total, byKey.size());
    return result;
  }

  private void check(Result r, long done, long total, int keysSeen) {
    List<String> f = r.failures();
    if (done < total || r.launched() != total) {
      f.add(String.format(Locale.ROOT, "%d of %d leads finished, %d launched", done, total, r.launched()));
    }
    if (keysSeen != keys) {
      f.add("the simulator saw " + keysSeen + " keys, want " + keys);
    }
    if (r.worstWindow() > LIMIT) {
      f.add("a key had " + r.worstWindow() + " requests in one 2 s window " + (r.wire().counted() ? "at the wire"
          : "at the simulator (no capture: " + r.wire().note() + ")") + " > " + LIMIT);
    }
    if (!(r.slowestUtilization() >= MIN_SLOWEST_UTILIZATION)) {
      f.add(String.format(Locale.ROOT, "slowest key's utilization %.3f < %.2f", r.slowestUtilization(), MIN_SLOWEST_UTILIZATION));
    }
    if (!(r.launcherCpuPer1000() <= MAX_CPU_PER_1000)) {
      f.add(String.format(Locale.ROOT, "launcher CPU %.3f s per 1,000 launches > %.2f", r.launcherCpuPer1000(), MAX_CPU_PER_1000));
    }
    if (r.rateLimited() > 0) {
      f.add(r.rateLimited() + " 429s, want 0");
    }
  }

  /** The row's CPU floor: the HTTP exchange alone, measured over the same span (printed beside the row). */
  CpuFloor floor() {
    return new CpuFloor(this, home, logDir, keys, steadyAfterMs, steadyForMs);
  }

  /** The row's simulator in a process of its own (log {@code many-keys.NAME.log}): each key 20 per 2 s, lognormal 80-800 ms. */
  Process startSimulator(Path work, String name) throws IOException {
    Path simConfig = Files.writeString(work.resolve(name + ".json"), new JsonObject().put("simulator", new JsonObject()
        .put("port", 0).put("mode", "fixed").put("rate", RATE).put("seed", 7)
        .put("latency", new JsonObject().put("dist", "lognormal").put("minMs", 80).put("maxMs", 800))).encode());
    return start(name, List.of("simulate", "--config", simConfig.toString()),
        System.getenv().getOrDefault("MANY_KEYS_SIM_OPTS", SIMULATOR_OPTS) + " -Xlog:gc:file="
            + logDir.resolve(NAME + "." + name + "-gc.log"), Map.of());
  }

  /** The launch API's base URL, once the simulator started as {@code name} says it listens. */
  String simulatorUrl(Process simulator, String name) throws Exception {
    return awaitLine(simulator, NAME + "." + name + ".log", Pattern.compile("simulator listening: (\\S+)"));
  }

  /**
   * As every other row's: the simulator stands in for lemlist, whose paths are warm. Cold, on the two cores the
   * launcher's start shares with it, it answered nothing for up to 2.8 s, and the keys that started first ran their
   * first windows on those late answers (the slowest key 0.859-0.938 cold in such runs, 0.933-0.951 warm).
   */
  static void warmUp(String simUrl) throws Exception {
    URI base = URI.create(simUrl);
    SimulatorWarmUp.overHttp(base.getHost(), base.getPort(), WARM_UP_REQUESTS, WARM_UP_CONNECTIONS);
  }

  static String keyValue(int k) {
    return "bench-many-keys-" + k;
  }

  String keyList() {
    StringBuilder list = new StringBuilder();
    for (int k = 1; k <= keys; k++) {
      list.append(k == 1 ? "" : ",").append(keyName(k)).append('=').append(keyValue(k));
    }
    return list.toString();
  }

  private static String keyName(int k) {
    return String.format(Locale.ROOT, "k%03d", k);
  }

  private String leads(int k) {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= leadsPerKey; i++) {
      text.append(String.format(Locale.ROOT, "lea_k%03dn%05d%n", k, i));
    }
    return text.toString();
  }

  private Process start(String name, List<String> args, String javaOpts, Map<String, String> env) throws IOException {
    List<String> command = new ArrayList<>();
    command.addAll(List.of("bash", home.resolve("scripts").resolve("launch").toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
        .redirectErrorStream(true).redirectOutput(logDir.resolve(NAME + "." + name + ".log").toFile());
    builder.environment().keySet().removeIf(v -> v.startsWith("LEMLIST_") || v.startsWith("LAUNCH"));
    builder.environment().put("JAVA_OPTS", javaOpts);
    builder.environment().putAll(env);
    return builder.start();
  }

  String awaitLine(Process process, String log, Pattern pattern) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      Path file = logDir.resolve(log);
      if (Files.exists(file)) {
        Matcher m = pattern.matcher(Files.readString(file));
        if (m.find()) {
          return m.group(1);
        }
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(log + ": the process exited " + process.exitValue() + " before it was ready");
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(log + ": not ready after 120 s");
  }

  static long cpuTicks(Process process) throws IOException {
    return ProcessSample.cpuTicks(Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat")));
  }

  JsonObject simStats(String simRoot) throws Exception {
    return new JsonObject(get(simRoot + "/_sim/stats"));
  }

  private long finished(String serverUrl) throws Exception {
    long done = 0;
    // GET /api/keys rather than every job's snapshot: the poll must cost the server little
    for (Object key : new JsonObject(get(serverUrl + "api/keys")).getJsonArray("keys", new JsonArray())) {
      JsonObject k = (JsonObject) key;
      done += k.getLong("launched") + k.getLong("skipped") + k.getLong("failed");
    }
    return done;
  }

  private Map<String, Double> metrics(String serverUrl) throws Exception {
    Map<String, Double> series = new java.util.HashMap<>();
    for (String line : get(serverUrl + "metrics").split("\n")) {
      int space = line.lastIndexOf(' ');
      if (!line.startsWith("#") && space > 0) {
        try {
          series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        } catch (NumberFormatException e) {
          // not a sample line
        }
      }
    }
    return series;
  }

  private static double sum(Map<String, Double> series, String prefix) {
    return series.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToDouble(Map.Entry::getValue).sum();
  }

  private String get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  /** Roughly how long the row takes: both JVMs' start, the uploads, the keys' windows, and the floor's span after. */
  static double estimatedSeconds(int leadsPerKey) {
    double shorter = Math.min(1.0, leadsPerKey / (double) DEFAULT_LEADS_PER_KEY);
    return 35 + leadsPerKey / (LIMIT / (WINDOW_MS / 1000.0)) + (STEADY_AFTER_MS + STEADY_FOR_MS) / 1000.0 * shorter;
  }

  String describe(Result r) {
    return String.format(Locale.ROOT, "| %s | %d x %d | %.1f | %s / %d / %d | %.3f | %.0f / %.0f | %.3f | %.2f | %.2f | %.2f | %d (live %d) | %.2f s in %d | %d | %d | %s |",
        NAME, r.keys(), r.leadsPerKey(), r.wallSeconds(), r.wire().counted() ? String.valueOf(r.worstWindow()) : "no capture",
        r.worstWindowAtSimulator(), LIMIT, r.slowestUtilization(),
        r.aggregatePerSecond(), r.keys() * LIMIT / (WINDOW_MS / 1000.0), r.launcherCpuPer1000(), r.projectedCpuPerSecond(),
        r.launcherCpuPerSecond(), r.simulatorCpuPerSecond(), r.heapUsedMb(), r.heapAfterGcMb(), r.gcPauseSeconds(),
        r.gcPauses(), r.peakRssMb(), r.rateLimited(), r.passed() ? "PASS" : "FAIL");
  }

  String header() {
    return "| row | keys x leads | wall s | most in any 2 s: wire / simulator / limit | slowest key utilization "
        + "| aggregate /s / allowed (info) | launcher CPU s / 1,000, " + steadyAfterMs / 1000.0 + "-"
        + (steadyAfterMs + steadyForMs) / 1000.0 + " s after the uploads | projected CPU s/s at 3,000/s (info) "
        + "| launcher CPU s/s | simulator CPU s/s | heap MB mid-run (live after GC) "
        + "| GC pauses | peak RSS MB | 429s | result |\n"
        + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
  }

  String targets() {
    return String.format(Locale.ROOT, "- `%s`: one `scripts/launch serve` (`-Xmx512m`) with N keys at %s each, lognormal "
        + "80-800 ms, one job per key uploaded at once, `scripts/launch simulate` in its own JVM on the same machine. "
        + "Targets: every key <= %d in any 2 s at the wire, slowest key's utilization >= %.2f, 0 429s, launcher CPU <= "
        + "%.2f s per 1,000 launches (its CPU from %.1f s to %.1f s after the uploads over the launches the simulator "
        + "counted meanwhile); the projection CPU per 1,000 x 3,000/s is printed, not judged%n",
        NAME, RATE, LIMIT, MIN_SLOWEST_UTILIZATION, MAX_CPU_PER_1000, steadyAfterMs / 1000.0,
        (steadyAfterMs + steadyForMs) / 1000.0);
  }
}
