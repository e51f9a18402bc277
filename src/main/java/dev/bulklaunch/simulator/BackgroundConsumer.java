package dev.bulklaunch.simulator;

import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;

/**
 * Another client of the same API keys: from a key's first request on, it spends {@code fraction * limit} requests
 * of every window, evenly spaced ({@link BackgroundPlan}), through the same rate window, until {@code stopAfterMs}
 * after that first request (never, if negative).
 */
final class BackgroundConsumer {

  private final Vertx vertx;
  private final SimClock clock;
  private final LaunchDesk desk;
  private final long perWindow;
  private final long windowMs;
  private final long stopAfterMs;
  private final Map<String, Long> timers = new HashMap<>();

  BackgroundConsumer(Vertx vertx, SimClock clock, LaunchDesk desk, double fraction, int limit, long windowMs,
                     long stopAfterMs) {
    this.vertx = vertx;
    this.clock = clock;
    this.desk = desk;
    this.perWindow = Math.round(fraction * limit);
    this.windowMs = windowMs;
    this.stopAfterMs = stopAfterMs;
  }

  synchronized void follow(String key) {
    if (perWindow == 0 || timers.containsKey(key)) {
      return;
    }
    BackgroundPlan plan = new BackgroundPlan(clock.sinceStartMs(), windowMs, perWindow, stopAfterMs);
    timers.put(key, -1L);
    scheduleNext(key, plan);
  }

  private synchronized void scheduleNext(String key, BackgroundPlan plan) {
    long next = plan.nextAtMs();
    if (next == Long.MAX_VALUE || !timers.containsKey(key)) {
      return;
    }
    long delay = Math.max(1, next - clock.sinceStartMs());
    timers.put(key, vertx.setTimer(delay, id -> {
      long due = plan.takeDue(clock.sinceStartMs());
      for (long i = 0; i < due; i++) {
        desk.backgroundSpend(key, clock.sinceStartMs(), clock.serverMs());
      }
      scheduleNext(key, plan);
    }));
  }

  synchronized void stop() {
    timers.values().stream().filter(id -> id >= 0).forEach(vertx::cancelTimer);
    timers.clear();
  }
}
