package dev.bulklaunch.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the human durations used on the command line and in config: {@code 250ms}, {@code 2s}, {@code 1.5s}, {@code 5m}, {@code 1h}. */
public final class Durations {

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

  private static final Pattern AGE = Pattern.compile("(\\d{1,9})\\s*(s|m|h|d)");

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

  /** An age, from seconds to years: {@code 90s}, {@code 12h}, {@code 30d}. */
  public static Duration parseAge(String text) {
    Matcher m = AGE.matcher(text == null ? "" : text.trim().toLowerCase());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not an age (examples: 12h, 30d)");
    }
    long amount = Long.parseLong(m.group(1));
    Duration age = switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
    if (amount < 1 || age.toDays() > 36_500) {
      throw new IllegalArgumentException("'" + text + "' is out of range (1s to 36500d)");
    }
    return age;
  }

  public static String format(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
  }
}
