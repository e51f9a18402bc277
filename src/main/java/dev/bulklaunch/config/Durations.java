package dev.bulklaunch.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the human durations used on the command line and in config: {@code 250ms}, {@code 2s}, {@code 1.5s}, {@code 5m}, {@code 1h}. */
public final class Durations {

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

  private Durations() {
  }

  public static Duration parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("missing duration");
    }
    Matcher m = DURATION.matcher(text.trim().toLowerCase());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 500ms, 2s, 1.5s, 5m)");
    }
    double amount = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double millis = switch (unit) {
      case "ms" -> amount;
      case "s" -> amount * 1_000;
      case "m" -> amount * 60_000;
      default -> amount * 3_600_000;
    };
    if (millis < 1 || millis > Duration.ofDays(1).toMillis()) {
      throw new IllegalArgumentException("'" + text + "' is out of range (1ms to 24h)");
    }
    return Duration.ofMillis(Math.round(millis));
  }

  public static String format(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
  }
}
