package dev.bulklaunch.simulator;

import io.vertx.core.json.JsonObject;

/**
 * Answers held back in bursts, as a server that stalls now and then: an answer due inside a hold period
 * ({@code [k * everyMs, k * everyMs + holdMs)} of the simulator's time since start) goes out when the period ends.
 */
final class AnswerHold {

  static final AnswerHold NONE = new AnswerHold(0, 0);

  private final long everyMs;
  private final long holdMs;

  AnswerHold(long everyMs, long holdMs) {
    if (holdMs < 0 || (holdMs > 0 && everyMs <= holdMs)) {
      throw new IllegalArgumentException("faults.answerHold needs 0 <= holdMs < everyMs");
    }
    this.everyMs = everyMs;
    this.holdMs = holdMs;
  }

  /** {@code {"everyMs": 2000, "holdMs": 400}}; absent or holdMs 0 holds nothing. */
  static AnswerHold fromJson(JsonObject json) {
    return json == null ? NONE : new AnswerHold(json.getLong("everyMs", 0L), json.getLong("holdMs", 0L));
  }

  boolean holds() {
    return holdMs > 0;
  }

  /** The delay an answer decided at {@code nowMs} with {@code delayMs} of latency gets once held. */
  long delayMs(long nowMs, long delayMs) {
    if (holdMs == 0) {
      return delayMs;
    }
    long dueMs = nowMs + Math.max(0, delayMs);
    long intoPeriod = Math.floorMod(dueMs, everyMs);
    return intoPeriod < holdMs ? dueMs + (holdMs - intoPeriod) - nowMs : delayMs;
  }

  JsonObject toJson() {
    return new JsonObject().put("everyMs", everyMs).put("holdMs", holdMs);
  }
}
