package dev.bulklaunch.pacing;

import dev.bulklaunch.ratelimit.RateLimitHeaders;

/**
 * What one request's answer tells the key's budget. Plain data, so a scheduler in another process can take it in.
 *
 * @param http      the HTTP status, 0 when no answer came (a timeout or a lost connection)
 * @param limits    the answer's rate-limit headers ({@link RateLimitHeaders#NONE} without any)
 * @param latencyMs from the request leaving to its answer (or to giving up on it)
 * @param read      a campaign read rather than a launch: its answer time does not set what a usual launch answer
 *                  time is
 */
public record AnswerReport(int http, RateLimitHeaders limits, long latencyMs, boolean read) {

  public static AnswerReport launch(int http, RateLimitHeaders limits, long latencyMs) {
    return new AnswerReport(http, limits, latencyMs, false);
  }

  public boolean rateLimited() {
    return http == 429;
  }

  public boolean reachedServer() {
    return http != 0;
  }
}
