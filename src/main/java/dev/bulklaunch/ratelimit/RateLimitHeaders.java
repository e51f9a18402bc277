package dev.bulklaunch.ratelimit;

import java.util.function.Function;

/**
 * The rate-limit facts one response states, as delays relative to the moment the server produced it. Any field the
 * server did not send, or sent in a form we do not understand, is null: garbage is ignored, never fatal.
 *
 * @param resetInMs          until the server's window resets ({@code X-RateLimit-Reset})
 * @param retryAfterMs       until the server accepts requests again ({@code Retry-After})
 * @param retryAfterToTheMs  whether Retry-After was stated to the millisecond (seconds with three decimals, as
 *                           rate-limiter-flexible's {@code msBeforeNext / 1000} mostly reads); see pacing's {@code WindowEnd}
 * @param resetResolutionMs  what {@code X-RateLimit-Reset} was stated to: 1000 for whole seconds (epoch or delta
 *                           seconds, dates), 1 for epoch milliseconds; the true reset lies within that of it
 */
public record RateLimitHeaders(Integer limit, Integer remaining, Long resetInMs, Long retryAfterMs,
                               boolean retryAfterToTheMs, long resetResolutionMs) {

  public static final RateLimitHeaders NONE = new RateLimitHeaders(null, null, null, null);

  public RateLimitHeaders(Integer limit, Integer remaining, Long resetInMs, Long retryAfterMs) {
    this(limit, remaining, resetInMs, retryAfterMs, false);
  }

  public RateLimitHeaders(Integer limit, Integer remaining, Long resetInMs, Long retryAfterMs,
                          boolean retryAfterToTheMs) {
    this(limit, remaining, resetInMs, retryAfterMs, retryAfterToTheMs, 1);
  }

  /**
   * @param header       the response's header lookup (case-insensitive)
   * @param serverNowMs  our best estimate of the server's clock when it answered (see {@link ServerClock})
   */
  public static RateLimitHeaders parse(Function<String, String> header, long serverNowMs) {
    String retryAfter = header.apply("Retry-After");
    Long retryAfterMs = nonNegative(HeaderTimes.millisUntil(retryAfter, serverNowMs));
    String reset = header.apply("X-RateLimit-Reset");
    return new RateLimitHeaders(
        count(header.apply("X-RateLimit-Limit")),
        count(header.apply("X-RateLimit-Remaining")),
        nonNegative(HeaderTimes.millisUntil(reset, serverNowMs)),
        retryAfterMs,
        retryAfterMs != null && secondsToTheMs(retryAfter.trim()),
        HeaderTimes.resolutionMs(reset));
  }

  public boolean isEmpty() {
    return limit == null && remaining == null && resetInMs == null && retryAfterMs == null;
  }

  private static Integer count(String text) {
    if (text == null) {
      return null;
    }
    try {
      int n = (int) Math.floor(Double.parseDouble(text.trim()));
      return n < 0 ? 0 : n;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Digits, a point and exactly three digits: {@code 0.734}. */
  private static boolean secondsToTheMs(String text) {
    int point = text.length() - 4;
    if (point < 1 || text.charAt(point) != '.') {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (i != point && !Character.isDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static Long nonNegative(Long ms) {
    return ms == null ? null : Math.max(0, ms);
  }
}
