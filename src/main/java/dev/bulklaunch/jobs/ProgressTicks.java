package dev.bulklaunch.jobs;

import io.vertx.core.Vertx;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One timer for the progress of every job running in this process, while any runs. A timer per job woke an event
 * loop for each job at its own moment: at 100 jobs, 200 wake-ups a second for progress alone.
 */
final class ProgressTicks {

  private final Vertx vertx;
  private final long everyMs;
  private final Set<Runnable> ticks = ConcurrentHashMap.newKeySet();
  private long timer = -1;

  ProgressTicks(Vertx vertx, long everyMs) {
    this.vertx = vertx;
    this.everyMs = everyMs;
  }

  /** Runs {@code tick} at every tick until the returned handle runs. */
  synchronized Runnable add(Runnable tick) {
    ticks.add(tick);
    if (timer < 0) {
      timer = vertx.setPeriodic(everyMs, id -> ticks.forEach(Runnable::run));
    }
    return () -> remove(tick);
  }

  /** Whether the timer runs (some job ticks). */
  synchronized boolean isTicking() {
    return timer >= 0;
  }

  private synchronized void remove(Runnable tick) {
    if (ticks.remove(tick) && ticks.isEmpty() && timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
