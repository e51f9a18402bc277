package dev.bulklaunch.simulator;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Formats an instant the way JavaScript's {@code String(new Date(ms))} does, which is what lemlist
 * sends in {@code X-RateLimit-Reset}: {@code Tue Feb 16 2021 09:02:42 GMT+0100 (Central European Standard Time)}.
 */
final class JsDateFormat {

  private static final DateTimeFormatter JS_TO_STRING =
    DateTimeFormatter.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'xx (zzzz)", Locale.US);

  private final DateTimeFormatter formatter;

  JsDateFormat(String timeZone) {
    this.formatter = JS_TO_STRING.withZone(zone(timeZone));
  }

  static ZoneId zone(String timeZone) {
    try {
      return ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("'" + timeZone + "' is not a time zone (examples: UTC, Europe/Paris)");
    }
  }

  String format(long epochMs) {
    return formatter.format(Instant.ofEpochMilli(epochMs));
  }

  static String rfc1123(long epochMs) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(epochMs).atZone(ZoneId.of("GMT")));
  }
}
