package dev.bulklaunch.bench;

import dev.bulklaunch.config.RateSpec;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One benchmark row: how many leads (per launcher process), the launcher's options, the simulator's options, the
 * targets, how many server jobs ({@code serverJobs} above 0: uploaded at once to {@code scripts/launch serve}), how
 * many times it is run (each run reported and judged on its own) and how many launcher processes share the key.
 */
public record Scenario(String name, String title, int leads, List<String> launcherArgs, JsonObject simulator, Targets targets,
                       int serverJobs, int runs, int processes) {

  public Scenario(String name, String title, int leads, List<String> launcherArgs, JsonObject simulator, Targets targets) {
    this(name, title, leads, launcherArgs, simulator, targets, 0, 1, 1);
  }

  private static final String SCALED = "100/1s";
  private static final String REAL = "20/2s";
  /** Issue 17: the other consumer stops this long after its first request in background-stops. */
  static final long BACKGROUND_STOP_AFTER_MS = 7_500;
  private static final int FIVE_RUNS = 5;

  /** Issue 17's rows, scaled to a 100-per-1s limit so each takes seconds, plus one at lemlist's real 20/2s. */
  public static List<Scenario> all() {
    return List.of(
        scaled("solo-fixed", "solo, fixed window, latency 20-120 ms", simulator("fixed", uniform(20, 120)), Targets.solo(0.95)),
        scaled("solo-sliding", "solo, sliding window, latency 20-120 ms", simulator("sliding", uniform(20, 120)), Targets.solo(0.95)),
        scaled("latency-300", "latency 20-300 ms, fixed window", simulator("fixed", uniform(20, 300)), Targets.solo(0.94)),
        new Scenario("real-20-2s", "real 20 per 2 s, lognormal latency 80-800 ms", 300, launcherArgs(REAL, 10),
            simulator("fixed", lognormal(80, 800)).put("rate", REAL), Targets.solo(0.95)),
        scaled("background-50", "another consumer spends 50% of each window, one request every 20 ms",
            simulator("fixed", uniform(20, 120)).put("background", new JsonObject().put("fraction", 0.5)),
            Targets.sharedKey(0.95, 0.5).withOtherConsumerAccepted(0.98)).times(FIVE_RUNS),
        new Scenario("background-stops", "another consumer spends 50% of each window and stops "
            + BACKGROUND_STOP_AFTER_MS + " ms after its first request (background.stopAfterMs)", 1500,
            launcherArgs(SCALED, 32), simulator("fixed", uniform(20, 120)).put("rate", SCALED)
            .put("background", new JsonObject().put("fraction", 0.5).put("stopAfterMs", BACKGROUND_STOP_AFTER_MS)),
            Targets.backAfterOtherStops(0.95)),
        new Scenario("two-processes", "two launcher processes on one key, started together, fixed window, latency "
            + "20-120 ms, default --max-in-flight", 1500, launcherArgs(SCALED, null),
            simulator("fixed", uniform(20, 120)).put("rate", SCALED), Targets.together(0.85), 0, FIVE_RUNS, 2),
        scaled("spurious-429", "spurious 429s (3%, Retry-After 1)",
            simulator("fixed", uniform(20, 120)).put("spurious429Rate", 0.03).put("spuriousRetryAfterSec", 1),
            Targets.spurious429s()),
        scaled("clock-ahead-30s", "server clock 30 s ahead of ours",
            simulator("fixed", uniform(20, 120)).put("clockOffsetMs", 30_000), Targets.solo(0.95)),
        resetAs("reset-epoch", "epoch seconds, rounded up", "epoch-s"),
        resetAs("reset-delta", "delta seconds, rounded up", "delta-s"),
        resetAs("reset-rfc1123", "an HTTP date", "rfc1123"),
        resetAs("reset-epoch-ms", "epoch milliseconds", "epoch-ms"),
        new Scenario("reset-delta-10", "X-RateLimit-Reset as delta seconds, rounded up, no Retry-After on a 200, fixed "
            + "window, latency 20-120 ms, default --max-in-flight", 600, launcherArgs(SCALED, null),
            simulator("fixed", uniform(20, 120)).put("rate", SCALED).put("retryAfterOnEveryResponse", false)
                .put("resetFormat", "delta-s"), Targets.soloOneOut(0.93)),
        new Scenario("answer-bursts", "every answer held while 400 ms of every 2 s pass (faults.answerHold), fixed "
            + "window, latency 20-120 ms, default --max-in-flight", 1500, launcherArgs(SCALED, null),
            simulator("fixed", uniform(20, 120)).put("rate", SCALED).put("faults", new JsonObject()
                .put("answerHold", new JsonObject().put("everyMs", 2_000).put("holdMs", 400))), Targets.soloOneOut(0.87)),
        new Scenario("two-jobs", "two server jobs on one key at once (text/plain, then multipart), fixed window, "
            + "latency 20-120 ms", 1500, launcherArgs(SCALED, 32), simulator("fixed", uniform(20, 120)).put("rate", SCALED),
            Targets.solo(0.95), 2, 1, 1));
  }

  public Scenario withLeads(int leads) {
    return new Scenario(name, title, leads, launcherArgs, simulator, targets, serverJobs, runs, processes);
  }

  Scenario times(int runs) {
    return new Scenario(name, title, leads, launcherArgs, simulator, targets, serverJobs, runs, processes);
  }

  /** A fixed-window server that states no Retry-After on a 200, only X-RateLimit-Reset in this form. */
  private static Scenario resetAs(String name, String form, String resetFormat) {
    return scaled(name, "X-RateLimit-Reset as " + form + ", no Retry-After on a 200, fixed window, latency 20-120 ms",
        simulator("fixed", uniform(20, 120)).put("retryAfterOnEveryResponse", false).put("resetFormat", resetFormat),
        Targets.solo(0.95));
  }

  public RateSpec rate() {
    return RateSpec.parse(simulator.getString("rate"));
  }

  /** Requests per window the launcher may use: the limit, less what another consumer of the key spends. */
  public double allowedPerWindow() {
    return rate().limit() * targets.allowedShare();
  }

  /** Roughly how long the row takes, every run included, for the bench's estimate: JVM start and the leads' windows. */
  double estimatedSeconds() {
    double perSecond = rate().perSecond() * targets.allowedShare();
    return runs * (4 + (double) leads * processes / perSecond);
  }

  // 32 in flight: at 100/s and up to 300 ms latency about 16 requests are outstanding, so 10 would cap the rate itself.
  private static Scenario scaled(String name, String title, JsonObject simulator, Targets targets) {
    return new Scenario(name, title, 1500, launcherArgs(SCALED, 32), simulator.put("rate", SCALED), targets);
  }

  /** {@code maxInFlight} null: the launcher's default, as users run it. */
  private static List<String> launcherArgs(String rate, Integer maxInFlight) {
    List<String> args = new ArrayList<>(List.of("--rate", rate));
    if (maxInFlight != null) {
      args.addAll(List.of("--max-in-flight", String.valueOf(maxInFlight)));
    }
    args.addAll(List.of("--progress", "never"));
    return List.copyOf(args);
  }

  private static JsonObject simulator(String mode, JsonObject latency) {
    return new JsonObject().put("mode", mode).put("latency", latency).put("seed", 7);
  }

  private static JsonObject uniform(int minMs, int maxMs) {
    return new JsonObject().put("dist", "uniform").put("minMs", minMs).put("maxMs", maxMs);
  }

  private static JsonObject lognormal(int minMs, int maxMs) {
    return new JsonObject().put("dist", "lognormal").put("minMs", minMs).put("maxMs", maxMs);
  }
}
