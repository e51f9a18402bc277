package dev.bulklaunch.result;

import java.util.Locale;

public enum Status {
  LAUNCHED, SKIPPED, FAILED;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Status fromJson(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
