package dev.bulklaunch.simulator;

import io.vertx.core.json.JsonObject;
import java.util.Random;

/** How long the simulator takes to answer: fixed, uniform or lognormal (clipped), from a seeded generator. */
final class LatencyModel {

  /** A lognormal whose [min, max] holds about 95% of the mass: the interval is mu ± 1.96 sigma in log space. */
  private static final double Z_95 = 1.96;

  private final String dist;
  private final long minMs;
  private final long maxMs;
  private final Random random;

  private LatencyModel(String dist, long minMs, long maxMs, long seed) {
    if (minMs < 0 || maxMs < minMs) {
      throw new IllegalArgumentException("latency needs 0 <= minMs <= maxMs");
    }
    this.dist = dist;
    this.minMs = minMs;
    this.maxMs = maxMs;
    this.random = new Random(seed);
  }

  static LatencyModel fromJson(JsonObject json, long seed) {
    String dist = json.getString("dist", "fixed");
    return switch (dist) {
      case "fixed" -> {
        long ms = json.getLong("ms", 0L);
        yield new LatencyModel(dist, ms, ms, seed);
      }
      case "uniform", "lognormal" -> new LatencyModel(dist, json.getLong("minMs", 0L), json.getLong("maxMs", 0L), seed);
      default -> throw new IllegalArgumentException("latency dist must be fixed, uniform or lognormal, not '" + dist + "'");
    };
  }

  long nextMs() {
    return switch (dist) {
      case "uniform" -> minMs + (long) Math.floor(random.nextDouble() * (maxMs - minMs + 1));
      case "lognormal" -> lognormal();
      default -> minMs;
    };
  }

  private long lognormal() {
    if (minMs == maxMs) {
      return minMs;
    }
    double logMin = Math.log(Math.max(1, minMs));
    double logMax = Math.log(Math.max(1, maxMs));
    double mu = (logMin + logMax) / 2;
    double sigma = (logMax - logMin) / (2 * Z_95);
    long sample = Math.round(Math.exp(mu + sigma * random.nextGaussian()));
    return Math.min(maxMs, Math.max(minMs, sample));
  }
}
