package dev.bulklaunch.simulator;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/** The launch route's answer, decided at arrival: send {@code body} with {@code status} after {@code delayMs}, or drop the connection. */
record Reply(boolean drop, int status, JsonObject body, Map<String, String> headers, long delayMs) {

  static Reply drop(long delayMs) {
    return new Reply(true, 0, null, Map.of(), delayMs);
  }

  static JsonObject error(String code, String message) {
    return new JsonObject().put("error", code).put("message", message);
  }
}
