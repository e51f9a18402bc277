package dev.bulklaunch.simulator;

/** What a rate window said about one arrival, in server-clock milliseconds. */
record RateDecision(boolean accepted, int limit, int remaining, long resetAtMs, long retryAfterMs) {
}
