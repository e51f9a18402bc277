package dev.bulklaunch.simulator;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/** A strict sliding log: accepted iff fewer than {@code limit} accepted arrivals in the last {@code windowMs}. */
final class SlidingWindow implements RateWindow {

  private final int limit;
  private final long windowMs;
  private final Map<String, ArrayDeque<Long>> accepted = new HashMap<>();

  SlidingWindow(int limit, long windowMs) {
    this.limit = limit;
    this.windowMs = windowMs;
  }

  @Override
  public RateDecision tryAcquire(String key, long nowMs) {
    ArrayDeque<Long> log = accepted.computeIfAbsent(key, k -> new ArrayDeque<>());
    while (!log.isEmpty() && log.peekFirst() + windowMs <= nowMs) {
      log.pollFirst();
    }
    if (log.size() < limit) {
      log.addLast(nowMs);
      long resetAt = log.peekFirst() + windowMs;
      return new RateDecision(true, limit, limit - log.size(), resetAt, resetAt - nowMs);
    }
    long resetAt = log.peekFirst() + windowMs;
    return new RateDecision(false, limit, 0, resetAt, resetAt - nowMs);
  }

  @Override
  public void reset() {
    accepted.clear();
  }
}
