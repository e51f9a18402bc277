package dev.bulklaunch.simulator;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * How late the simulator's own event loop runs a 10 ms tick: a late tick means requests sat unread in the socket
 * meanwhile and were stamped as arriving late, together. A bench reads it to tell a starved simulator's bunched
 * stamps from bursts the client really sent.
 */
final class LoopLag {

  private static final long TICK_MS = 10;
  private static final long NOTED_LAG_MS = 50;
  private static final int MAX_NOTED = 5_000;

  private final Vertx vertx;
  private final SimClock clock;
  private long timerId = -1;
  private long expectedMs;
  private long maxLagMs;
  private long ticks;
  private long lateTicks;
  private JsonArray noted = new JsonArray();

  LoopLag(Vertx vertx, SimClock clock) {
    this.vertx = vertx;
    this.clock = clock;
  }

  void start() {
    expectedMs = clock.sinceStartMs() + TICK_MS;
    timerId = vertx.setPeriodic(TICK_MS, id -> tick());
  }

  void stop() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
  }

  private synchronized void tick() {
    long now = clock.sinceStartMs();
    long lag = Math.max(0, now - expectedMs);
    ticks++;
    maxLagMs = Math.max(maxLagMs, lag);
    if (lag >= NOTED_LAG_MS) {
      lateTicks++;
      if (noted.size() < MAX_NOTED) {
        noted.add(new JsonArray().add(now).add(lag));
      }
    }
    expectedMs = now + TICK_MS;
  }

  /** The worst lag, how many ticks were 50 ms or more late, and when those ran ([ms since start, lag ms]). */
  synchronized JsonObject toJson(boolean withTicks) {
    JsonObject json = new JsonObject().put("tickMs", TICK_MS).put("ticks", ticks).put("maxLagMs", maxLagMs)
        .put("ticksLate50Ms", lateTicks);
    return withTicks ? json.put("late", noted.copy()) : json;
  }

  synchronized void clear() {
    maxLagMs = ticks = lateTicks = 0;
    noted = new JsonArray();
  }
}
