package dev.bulklaunch.simulator;

/** A per-key request budget. Time is passed in, so implementations are pure and testable without a clock. */
interface RateWindow {

  RateDecision tryAcquire(String key, long nowMs);

  void reset();

  static RateWindow of(String mode, int limit, long windowMs) {
    return mode.equals("sliding") ? new SlidingWindow(limit, windowMs) : new FixedWindow(limit, windowMs);
  }
}
