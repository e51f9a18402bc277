package dev.bulklaunch.send;

import java.util.random.RandomGenerator;

/**
 * How a lead is tried again. Transient failures (5xx, timeouts, lost connections) back off exponentially with
 * jitter and use up {@code retries}; 429s wait for the server's stated time instead and only count against
 * {@code max429}, a cap that stops an endless loop against a server that never lets us in.
 */
public record RetryPolicy(int retries, long baseDelayMs, long maxDelayMs, int max429) {

  public static RetryPolicy withRetries(int retries) {
    return new RetryPolicy(retries, 500, 30_000, 50);
  }

  /** Delay before retry number {@code retry} (from 1): exponential, capped, with the upper half jittered. */
  public long backoffMs(int retry, RandomGenerator random) {
    long ceiling = Math.min(maxDelayMs, baseDelayMs << Math.min(20, retry - 1));
    return ceiling / 2 + random.nextLong(ceiling / 2 + 1);
  }
}
