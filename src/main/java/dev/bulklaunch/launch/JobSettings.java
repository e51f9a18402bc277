package dev.bulklaunch.launch;

import dev.bulklaunch.send.RetryPolicy;

/** What one job needs to know beyond its input: concurrency, retries, and whether to send at all. */
public record JobSettings(int maxInFlight, RetryPolicy retry, boolean dryRun) {
}
