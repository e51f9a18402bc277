package dev.bulklaunch.web;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * What a headless Chromium (from {@link HeadlessChromium}) requested and was answered, read from its DevTools log.
 * The log hands each entry out once, so this keeps what it has read: a request and its answer can come in two reads.
 */
final class NetworkLog {

  /** One request: its URL and method, and the answer's status (0 while none came). */
  record Exchange(String url, String method, int status) {
  }

  private final ChromeDriver browser;
  private final Map<String, Exchange> byRequestId = new HashMap<>();
  private final List<String> order = new ArrayList<>();

  NetworkLog(ChromeDriver browser) {
    this.browser = browser;
  }

  /** Every request seen so far, in the order sent. */
  List<Exchange> exchanges() {
    for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
      JsonObject message = new JsonObject(entry.getMessage()).getJsonObject("message");
      JsonObject params = message.getJsonObject("params", new JsonObject());
      String id = params.getString("requestId");
      if ("Network.requestWillBeSent".equals(message.getString("method"))) {
        JsonObject request = params.getJsonObject("request");
        if (!byRequestId.containsKey(id)) {
          order.add(id);
        }
        byRequestId.put(id, new Exchange(request.getString("url"), request.getString("method"), 0));
      }
      if ("Network.responseReceived".equals(message.getString("method"))) {
        JsonObject response = params.getJsonObject("response");
        Exchange sent = byRequestId.get(id);
        if (sent == null) {
          order.add(id);
        }
        byRequestId.put(id, new Exchange(response.getString("url"), sent == null ? "" : sent.method(),
            response.getInteger("status")));
      }
    }
    return order.stream().map(byRequestId::get).toList();
  }

  /** The console's messages at SEVERE: script errors, CSP refusals, resources answered 4xx/5xx. */
  List<String> consoleErrors() {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
        .map(LogEntry::getMessage).toList();
  }
}
