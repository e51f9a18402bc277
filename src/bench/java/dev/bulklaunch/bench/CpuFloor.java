package dev.bulklaunch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the many-keys row's CPU figure cannot go below on this machine: {@link FloorClient}, the HTTP exchange alone
 * (same keys, connections, event loops, JVM flags and heap as {@code serve}, at about the launcher's rate), against the
 * row's simulator started afresh, its CPU over the row's span (from {@code steadyAfterMs} after it starts ticking, for
 * {@code steadyForMs}) per 1,000 requests the simulator answered. Printed beside the row, not judged.
 */
final class CpuFloor {

  /** 105 ms a key: 952 requests a second for 100 keys, about the launcher's 915-930 there. */
  static final long PERIOD_MS = 105;

  private final ManyKeysRun row;
  private final Path home;
  private final Path logDir;
  private final int keys;
  private final long steadyAfterMs;
  private final long steadyForMs;

  record Result(double cpuPer1000, double requestsPerSecond, double rateLimitedShare) {

    String describe() {
      return String.format(Locale.ROOT, "floor (no target): a bare Vert.x client, the same keys, pools, event loops and JVM "
          + "flags, one request per key every %d ms and nothing else: %.3f CPU s per 1,000 requests (%.0f a second, "
          + "%.1f %% answered 429); the target leaves the launcher %.3f s per 1,000 above it%n", PERIOD_MS, cpuPer1000,
          requestsPerSecond, rateLimitedShare * 100, ManyKeysRun.MAX_CPU_PER_1000 - cpuPer1000);
    }
  }

  CpuFloor(ManyKeysRun row, Path home, Path logDir, int keys, long steadyAfterMs, long steadyForMs) {
    this.row = row;
    this.home = home;
    this.logDir = logDir;
    this.keys = keys;
    this.steadyAfterMs = steadyAfterMs;
    this.steadyForMs = steadyForMs;
  }

  Result measure() throws Exception {
    Path work = Files.createDirectories(logDir.resolve(ManyKeysRun.NAME + ".work"));
    Process simulator = row.startSimulator(work, "floor-simulate");
    Process client = null;
    try {
      String simUrl = row.simulatorUrl(simulator, "floor-simulate");
      String simRoot = simUrl.replaceFirst("/api$", "");
      ManyKeysRun.warmUp(simUrl);
      client = startClient(simUrl);
      row.awaitLine(client, ManyKeysRun.NAME + ".floor-client.log", Pattern.compile("(floor client ticking)"));
      Thread.sleep(steadyAfterMs);
      long cpuBefore = ManyKeysRun.cpuTicks(client);
      var before = row.simStats(simRoot);
      long startNanos = System.nanoTime();
      Thread.sleep(steadyForMs);
      long cpuAfter = ManyKeysRun.cpuTicks(client);
      var after = row.simStats(simRoot);
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      long requests = after.getLong("requests") - before.getLong("requests");
      long rateLimited = after.getLong("rateLimited") - before.getLong("rateLimited");
      double cpuSeconds = (cpuAfter - cpuBefore) / (double) ProcessSampler.clockTicksPerSecond();
      return new Result(cpuSeconds / Math.max(1, requests) * 1000, requests / seconds,
          rateLimited / (double) Math.max(1, requests));
    } finally {
      ManyKeysRun.stop(client, simulator);
    }
  }

  /** {@code java}, the flags {@code scripts/launch serve} gives (conf/jvm-serve.options) and its heap, the bench jar. */
  private Process startClient(String simUrl) throws IOException {
    List<String> command = new ArrayList<>(List.of("java"));
    for (String line : Files.readAllLines(home.resolve("conf").resolve("jvm-serve.options"))) {
      String flag = line.strip();
      if (!flag.isEmpty() && !flag.startsWith("#")) {
        command.add(flag);
      }
    }
    command.addAll(List.of("-Xmx512m", "-cp", home.resolve("target").resolve("launcher.jar").toString(),
        FloorClient.class.getName(), simUrl, String.valueOf(keys), String.valueOf(PERIOD_MS)));
    return new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
        .redirectOutput(logDir.resolve(ManyKeysRun.NAME + ".floor-client.log").toFile()).start();
  }
}
