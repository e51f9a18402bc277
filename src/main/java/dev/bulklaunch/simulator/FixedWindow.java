package dev.bulklaunch.simulator;

import java.util.HashMap;
import java.util.Map;

/**
 * rate-limiter-flexible's memory limiter: a key's window opens at its first request and lasts
 * {@code windowMs}; every request counts, rejected ones too, but they never extend the window.
 */
final class FixedWindow implements RateWindow {

  private final int limit;
  private final long windowMs;
  private final Map<String, Slot> slots = new HashMap<>();

  FixedWindow(int limit, long windowMs) {
    this.limit = limit;
    this.windowMs = windowMs;
  }

  @Override
  public RateDecision tryAcquire(String key, long nowMs) {
    Slot slot = slots.get(key);
    if (slot == null || nowMs >= slot.endsAtMs) {
      slot = new Slot(nowMs + windowMs);
      slots.put(key, slot);
    }
    slot.consumed++;
    boolean accepted = slot.consumed <= limit;
    int remaining = Math.max(0, limit - slot.consumed);
    return new RateDecision(accepted, limit, remaining, slot.endsAtMs, slot.endsAtMs - nowMs);
  }

  @Override
  public void reset() {
    slots.clear();
  }

  private static final class Slot {
    final long endsAtMs;
    int consumed;

    Slot(long endsAtMs) {
      this.endsAtMs = endsAtMs;
    }
  }
}
