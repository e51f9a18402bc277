package dev.bulklaunch.simulator;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The launch route's answer, decided at arrival: send {@code body} with {@code status} after {@code delayMs}, or
 * drop the connection. {@code html}, when set, is sent instead of {@code body}: a page from something that is not
 * lemlist (a captive portal, a gateway).
 */
record Reply(boolean drop, int status, JsonObject body, Map<String, String> headers, long delayMs, String html) {

  Reply(boolean drop, int status, JsonObject body, Map<String, String> headers, long delayMs) {
    this(drop, status, body, headers, delayMs, null);
  }

  static Reply html(int status, String page, long delayMs) {
    return new Reply(false, status, null, Map.of(), delayMs, page);
  }

  static Reply drop(long delayMs) {
    return new Reply(true, 0, null, Map.of(), delayMs);
  }

  static JsonObject error(String code, String message) {
    return new JsonObject().put("error", code).put("message", message);
  }
}
