package dev.bulklaunch.pacing;

import java.util.Locale;

/** What kind of answer a request to lemlist got, as operators count them: by HTTP status class, or none at all. */
public enum AnswerClass {
  /** 1xx, 2xx, 3xx: lemlist took the request. */
  OK,
  /** 4xx but 429. */
  CLIENT_ERROR,
  /** 429: over the key's budget. */
  RATE_LIMITED,
  /** 5xx. */
  SERVER_ERROR,
  /** A timeout or a lost connection: no status. */
  NONE;

  /** @param http the status, 0 when no answer came */
  public static AnswerClass of(int http) {
    if (http == 0) {
      return NONE;
    }
    if (http == 429) {
      return RATE_LIMITED;
    }
    return http >= 500 ? SERVER_ERROR : http >= 400 ? CLIENT_ERROR : OK;
  }

  /** The label value: {@code 2xx}, {@code 4xx}, {@code 429}, {@code 5xx}, {@code none}. */
  public String label() {
    return switch (this) {
      case OK -> "2xx";
      case CLIENT_ERROR -> "4xx";
      case RATE_LIMITED -> "429";
      case SERVER_ERROR -> "5xx";
      case NONE -> name().toLowerCase(Locale.ROOT);
    };
  }
}
