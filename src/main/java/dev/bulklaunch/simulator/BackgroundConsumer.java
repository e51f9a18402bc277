package dev.bulklaunch.simulator;

import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;

/**
 * Another client of the same API keys: from a key's first request on, it spends
 * {@code fraction * limit} requests of every window, evenly spaced, through the same rate window.
 */
final class BackgroundConsumer {

  private final Vertx vertx;
  private final SimClock clock;
  private final LaunchDesk desk;
  private final long intervalMs;
  private final Map<String, Long> timers = new HashMap<>();

  BackgroundConsumer(Vertx vertx, SimClock clock, LaunchDesk desk, double fraction, int limit, long windowMs) {
    this.vertx = vertx;
    this.clock = clock;
    this.desk = desk;
    long perWindow = Math.round(fraction * limit);
    this.intervalMs = perWindow == 0 ? 0 : Math.max(1, windowMs / perWindow);
  }

  synchronized void follow(String key) {
    if (intervalMs == 0 || timers.containsKey(key)) {
      return;
    }
    timers.put(key, vertx.setPeriodic(intervalMs, id -> desk.backgroundSpend(key, clock.sinceStartMs(), clock.serverMs())));
  }

  synchronized void stop() {
    timers.values().forEach(vertx::cancelTimer);
    timers.clear();
  }
}
