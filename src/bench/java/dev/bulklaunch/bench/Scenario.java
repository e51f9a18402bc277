package dev.bulklaunch.bench;

import dev.bulklaunch.config.RateSpec;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** One benchmark run: how many leads, the launcher's options, the simulator's options, and the targets to meet. */
public record Scenario(String name, String title, int leads, List<String> launcherArgs, JsonObject simulator, Targets targets,
                       int serverJobs) {

  /** A command-line run ({@code serverJobs} 0); otherwise that many jobs uploaded at once to {@code scripts/launch serve}. */
  public Scenario(String name, String title, int leads, List<String> launcherArgs, JsonObject simulator, Targets targets) {
    this(name, title, leads, launcherArgs, simulator, targets, 0);
  }

  private static final String SCALED = "100/1s";
  private static final String REAL = "20/2s";

  /** The scenarios, scaled to a 100-per-1s limit so each takes seconds, plus one at lemlist's real 20/2s. */
  public static List<Scenario> all() {
    return List.of(
        scaled("solo-fixed", "solo, fixed window, latency 20-120 ms", simulator("fixed", uniform(20, 120)), Targets.solo(0.95)),
        scaled("solo-sliding", "solo, sliding window, latency 20-120 ms", simulator("sliding", uniform(20, 120)), Targets.solo(0.95)),
        scaled("latency-300", "latency 20-300 ms, fixed window", simulator("fixed", uniform(20, 300)), Targets.solo(0.95)),
        new Scenario("real-20-2s", "real 20 per 2 s, lognormal latency 80-800 ms", 300, launcherArgs(REAL, 10),
            simulator("fixed", lognormal(80, 800)).put("rate", REAL), Targets.solo(0.95)),
        scaled("background-50", "another consumer spends 50% of each window",
            simulator("fixed", uniform(20, 120)).put("background", new JsonObject().put("fraction", 0.5)),
            Targets.sharedKey(0.90, 0.5)),
        scaled("spurious-429", "spurious 429s (3%, Retry-After 1)",
            simulator("fixed", uniform(20, 120)).put("spurious429Rate", 0.03).put("spuriousRetryAfterSec", 1),
            Targets.spurious429s()),
        scaled("clock-ahead-30s", "server clock 30 s ahead of ours",
            simulator("fixed", uniform(20, 120)).put("clockOffsetMs", 30_000), Targets.solo(0.95)),
        resetAs("reset-epoch", "epoch seconds, rounded up", "epoch-s"),
        resetAs("reset-delta", "delta seconds, rounded up", "delta-s"),
        resetAs("reset-rfc1123", "an HTTP date", "rfc1123"),
        resetAs("reset-epoch-ms", "epoch milliseconds", "epoch-ms"),
        new Scenario("two-jobs", "two server jobs on one key at once (text/plain, then multipart), fixed window, "
            + "latency 20-120 ms", 1500, launcherArgs(SCALED, 32), simulator("fixed", uniform(20, 120)).put("rate", SCALED),
            Targets.solo(0.95), 2));
  }

  public Scenario withLeads(int leads) {
    return new Scenario(name, title, leads, launcherArgs, simulator, targets, serverJobs);
  }

  /** A fixed-window server that states no Retry-After on a 200, only X-RateLimit-Reset in this form. */
  private static Scenario resetAs(String name, String form, String resetFormat) {
    return scaled(name, "X-RateLimit-Reset as " + form + ", no Retry-After on a 200, fixed window, latency 20-120 ms",
        simulator("fixed", uniform(20, 120)).put("retryAfterOnEveryResponse", false).put("resetFormat", resetFormat),
        Targets.solo(0.93));
  }

  public RateSpec rate() {
    return RateSpec.parse(simulator.getString("rate"));
  }

  /** Requests per window the launcher may use: the limit, less what another consumer of the key spends. */
  public double allowedPerWindow() {
    return rate().limit() * targets.allowedShare();
  }

  // 32 in flight: at 100/s and up to 300 ms latency about 16 requests are outstanding, so 10 would cap the rate itself.
  private static Scenario scaled(String name, String title, JsonObject simulator, Targets targets) {
    return new Scenario(name, title, 1500, launcherArgs(SCALED, 32), simulator.put("rate", SCALED), targets);
  }

  private static List<String> launcherArgs(String rate, int maxInFlight) {
    return List.of("--rate", rate, "--max-in-flight", String.valueOf(maxInFlight), "--progress", "never");
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
