package dev.bulklaunch.pacing;

import dev.bulklaunch.ratelimit.RateLimitHeaders;

/**
 * What one request's answer tells the key's budget. Plain data, so a scheduler in another process can take it in.
 *
 * @param http           the HTTP status, 0 when no answer came (a timeout or a lost connection)
 * @param limits         the answer's rate-limit headers ({@link RateLimitHeaders#NONE} without any)
 * @param latencyMs      from the request written to the connection to its answer (or to giving up on it)
 * @param read           a campaign read rather than a launch: its answer time does not set what a usual launch
 *                       answer time is
 * @param writtenAfterMs from the permit in the sender's hands to the request written to the connection: a busy event
 *                       loop, a hop to a writer thread, a wait for a pooled connection. The request reached the wire
 *                       that much after its grant, and the budget counts it from there. Measured by the sender (in
 *                       another process, a cluster member's), so a duration, never a time on anyone's clock.
 */
public record AnswerReport(int http, RateLimitHeaders limits, long latencyMs, boolean read, long writtenAfterMs) {

  public AnswerReport(int http, RateLimitHeaders limits, long latencyMs, boolean read) {
    this(http, limits, latencyMs, read, 0);
  }

  public static AnswerReport launch(int http, RateLimitHeaders limits, long latencyMs) {
    return new AnswerReport(http, limits, latencyMs, false, 0);
  }

  public boolean rateLimited() {
    return http == 429;
  }

  public boolean reachedServer() {
    return http != 0;
  }
}
