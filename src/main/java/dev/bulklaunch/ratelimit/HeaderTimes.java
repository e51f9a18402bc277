package dev.bulklaunch.ratelimit;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Liberal parsing of the times rate-limit headers carry. lemlist's {@code X-RateLimit-Reset} is JavaScript's
 * {@code Date.toString()}, e.g. {@code Tue Feb 16 2021 09:02:42 GMT+0100 (Central European Standard Time)}; other
 * servers send RFC 1123 dates, epoch seconds or milliseconds, or a delta in (possibly decimal) seconds.
 */
final class HeaderTimes {

  /** Below this a bare number is a delta in seconds; epoch seconds today are ~1.8e9. */
  private static final double MAX_DELTA_SECONDS = 1e8;
  /** Below this (and above the delta range) a bare number is epoch seconds; epoch milliseconds are ~1.8e12. */
  private static final double MAX_EPOCH_SECONDS = 1e11;

  private static final Pattern JS_DATE = Pattern.compile(
      "^[A-Za-z]{3} ([A-Za-z]{3} \\d{1,2} \\d{4} \\d{2}:\\d{2}:\\d{2}) GMT([+-]\\d{4})(?: \\(.*\\))?$");
  /**
   * {@code MMM d yyyy HH:mm:ss Z}, its month names given rather than looked up: JavaScript writes them in English
   * whatever the locale, and looking them up loads the JDK's locale data, which took the event loop 50-150 ms on the
   * first answer of a run, in the middle of its first window.
   */
  private static final DateTimeFormatter JS_DATE_FORMAT = new DateTimeFormatterBuilder()
      .appendText(ChronoField.MONTH_OF_YEAR, monthNames())
      .appendLiteral(' ').appendValue(ChronoField.DAY_OF_MONTH)
      .appendLiteral(' ').appendValue(ChronoField.YEAR_OF_ERA, 4, 19, SignStyle.EXCEEDS_PAD)
      .appendLiteral(' ').appendValue(ChronoField.HOUR_OF_DAY, 2)
      .appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
      .appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
      .appendLiteral(' ').appendOffset("+HHMM", "+0000")
      .toFormatter(Locale.ROOT);
  private static final Pattern NUMBER = Pattern.compile("^\\d+(?:\\.\\d+)?$");

  private HeaderTimes() {
  }

  private static Map<Long, String> monthNames() {
    String[] names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    Map<Long, String> months = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      months.put(i + 1L, names[i]);
    }
    return months;
  }

  /** A number of milliseconds from {@code serverNowMs}, or null when the text is no time we understand. */
  static Long millisUntil(String text, long serverNowMs) {
    if (text == null) {
      return null;
    }
    String value = text.trim();
    if (value.isEmpty()) {
      return null;
    }
    if (NUMBER.matcher(value).matches()) {
      double n = Double.parseDouble(value);
      if (n < MAX_DELTA_SECONDS) {
        return Math.round(n * 1000);
      }
      long epochMs = n < MAX_EPOCH_SECONDS ? Math.round(n * 1000) : Math.round(n);
      return epochMs - serverNowMs;
    }
    Long epochMs = parseDate(value);
    return epochMs == null ? null : epochMs - serverNowMs;
  }

  /**
   * What a time text is stated to, in milliseconds: 1 for epoch milliseconds, 10^-n s for a number with n
   * decimals, 1000 for whole seconds and dates (1 when there is no text).
   */
  static long resolutionMs(String text) {
    if (text == null || text.isBlank()) {
      return 1;
    }
    String value = text.trim();
    if (!NUMBER.matcher(value).matches()) {
      return 1000;
    }
    int point = value.indexOf('.');
    if (point < 0) {
      return Double.parseDouble(value) >= MAX_EPOCH_SECONDS ? 1 : 1000;
    }
    int decimals = value.length() - point - 1;
    return decimals >= 3 ? 1 : decimals == 2 ? 10 : 100;
  }

  // The same texts come back on answer after answer: Date changes once a second, each key's Reset once a window,
  // and parsing one costs more than the rest of reading an answer's headers. With many keys their Resets differ, so
  // the texts of the last moments are remembered, up to a bound (past it, the memory starts again: a few parses).
  private static final int REMEMBERED = 4096;
  private static final long NOT_A_DATE = Long.MIN_VALUE;
  private static final ConcurrentHashMap<String, Long> PARSED = new ConcurrentHashMap<>();

  /** Epoch milliseconds of a JavaScript, RFC 1123 or ISO-8601 date, or null. */
  static Long parseDate(String value) {
    Long epochMs = PARSED.get(value);
    if (epochMs == null) {
      if (PARSED.size() >= REMEMBERED) {
        PARSED.clear();
      }
      Long parsed = parseUncached(value);
      epochMs = parsed == null ? NOT_A_DATE : parsed;
      PARSED.put(value, epochMs);
    }
    return epochMs == NOT_A_DATE ? null : epochMs;
  }

  private static Long parseUncached(String value) {
    Matcher js = JS_DATE.matcher(value.trim());
    try {
      if (js.matches()) {
        return ZonedDateTime.parse(js.group(1) + " " + js.group(2), JS_DATE_FORMAT).toInstant().toEpochMilli();
      }
      if (Character.isLetter(value.charAt(0))) {
        return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
      }
      return ZonedDateTime.parse(value.trim(), DateTimeFormatter.ISO_DATE_TIME).toInstant().toEpochMilli();
    } catch (DateTimeParseException | IndexOutOfBoundsException e) {
      return null;
    }
  }
}
