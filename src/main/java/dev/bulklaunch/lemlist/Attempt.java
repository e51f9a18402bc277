package dev.bulklaunch.lemlist;

import dev.bulklaunch.ratelimit.RateLimitHeaders;

/**
 * What one request to {@code POST /leads/review/{leadId}} came to.
 *
 * @param http    the HTTP status, or 0 when no response arrived
 * @param code    lemlist's {@code error} code, or our own ({@code HTTP_503}, {@code TIMEOUT}, ...); null when launched
 * @param limits  the rate-limit headers of the response ({@link RateLimitHeaders#NONE} without one)
 */
public record Attempt(Kind kind, int http, String code, String message, RateLimitHeaders limits, long latencyMs) {

  public enum Kind {
    /** 200: the lead is launched. */
    LAUNCHED,
    /** 400 ALREADY_LAUNCHED. */
    ALREADY_LAUNCHED,
    /** lemlist refused this lead for good (any other 4xx with or without a code). */
    REFUSED,
    /** 429: the key's budget is spent; retry after the server's delay. */
    RATE_LIMITED,
    /** 5xx, timeout or lost connection: worth another try. */
    TRANSIENT,
    /** 401, 405 or a plan refusal: no other lead can succeed either, so the run stops. */
    FATAL
  }

  public boolean reachedServer() {
    return http != 0;
  }

  /** True when the request may have been processed although we never saw the answer. */
  public boolean ambiguous() {
    return kind == Kind.TRANSIENT && http == 0;
  }
}
