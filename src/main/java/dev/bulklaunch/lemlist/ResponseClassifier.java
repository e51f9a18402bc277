package dev.bulklaunch.lemlist;

import dev.bulklaunch.lemlist.Attempt.Kind;
import dev.bulklaunch.ratelimit.RateLimitHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/** Turns one lemlist answer into an {@link Attempt}. Pure: no I/O, no clock. */
public final class ResponseClassifier {

  private static final int MAX_MESSAGE_CHARS = 300;

  private ResponseClassifier() {
  }

  public static Attempt classify(int status, String body, RateLimitHeaders limits, long latencyMs) {
    if (isSuccess(status)) {
      return new Attempt(Kind.LAUNCHED, status, null, null, limits, latencyMs); // its body ({"ok":true}) says no more
    }
    JsonObject json = parseObject(body);
    String code = json == null ? null : json.getValue("error") instanceof String s ? s : null;
    String message = json == null ? null : json.getValue("message") instanceof String s ? clip(s) : null;

    if (status == 429) {
      return new Attempt(Kind.RATE_LIMITED, status, ErrorCodes.http(429), orDefault(message, "rate limited"), limits, latencyMs);
    }
    if (status == 401) {
      return new Attempt(Kind.FATAL, status, ErrorCodes.http(401),
          "lemlist refused the API key (401 Unauthorized): check LEMLIST_API_KEY or --api-key-file", limits, latencyMs);
    }
    if (status == 405) {
      return new Attempt(Kind.FATAL, status, ErrorCodes.http(405),
          "lemlist answered 405 Method Not Allowed: check --base-url (it should end in /api)", limits, latencyMs);
    }
    if (status == 403 || refusesThePlan(code, message)) {
      return new Attempt(Kind.FATAL, status, code != null ? code : ErrorCodes.http(status),
          orDefault(message, "lemlist refused the request (" + status + "): Launch Lead needs an emailPro plan or higher"),
          limits, latencyMs);
    }
    if (ErrorCodes.ALREADY_LAUNCHED.equals(code)) {
      return new Attempt(Kind.ALREADY_LAUNCHED, status, code, orDefault(message, "Lead is already launched"), limits, latencyMs);
    }
    if (status >= 500 || status == 408) {
      return new Attempt(Kind.TRANSIENT, status, ErrorCodes.http(status), orDefault(message, "lemlist answered " + status),
          limits, latencyMs);
    }
    return new Attempt(Kind.REFUSED, status, code != null ? code : ErrorCodes.http(status),
        orDefault(message, "lemlist answered " + status), limits, latencyMs);
  }

  public static Attempt timeout(long latencyMs) {
    return new Attempt(Kind.TRANSIENT, 0, ErrorCodes.TIMEOUT, "no answer within the timeout", RateLimitHeaders.NONE, latencyMs);
  }

  public static Attempt networkError(Throwable cause, long latencyMs) {
    String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new Attempt(Kind.TRANSIENT, 0, ErrorCodes.NETWORK_ERROR, clip(why), RateLimitHeaders.NONE, latencyMs);
  }

  public static boolean isSuccess(int status) {
    return status >= 200 && status < 300;
  }

  private static boolean refusesThePlan(String code, String message) {
    String text = ((code == null ? "" : code) + " " + (message == null ? "" : message)).toLowerCase(Locale.ROOT);
    return text.contains("plan") && (text.contains("emailpro") || text.contains("upgrade") || text.contains("not_allowed"));
  }

  private static JsonObject parseObject(String body) {
    String trimmed = body == null ? "" : body.strip();
    if (!trimmed.startsWith("{")) {
      return null;
    }
    try {
      return new JsonObject(trimmed);
    } catch (DecodeException e) {
      return null;
    }
  }

  private static String orDefault(String message, String fallback) {
    return message == null || message.isBlank() ? fallback : message;
  }

  private static String clip(String s) {
    return s.length() <= MAX_MESSAGE_CHARS ? s : s.substring(0, MAX_MESSAGE_CHARS) + "…";
  }
}
