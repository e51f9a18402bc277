package dev.bulklaunch.pacing;

import dev.bulklaunch.config.RateSpec;

/**
 * When may the next request on one API key leave? Pure arithmetic on monotonic milliseconds: no clock, no I/O.
 *
 * <p>A send must pass three rules:
 * <ol>
 *   <li>Our own sliding window: the request {@code limit} places back left at least {@code window + margin} ago. So no
 *       window of the server's, fixed or sliding, counted by arrival time, sees more than {@code limit} of ours; the
 *       margin absorbs the spread between when we send and when a request arrives.</li>
 *   <li>A hold: after a 429 nothing leaves until the server's stated time has passed.</li>
 *   <li>The server's last word: {@code X-RateLimit-Remaining} says how many more requests it takes until its window
 *       resets, which reveals anyone else spending the same key. Requests we sent after that answer are already
 *       spoken for.</li>
 * </ol>
 */
public final class RateBudget {

  private static final long LONGEST_HOLD_MS = 3_600_000;

  private final int limit;
  private final long windowMs;
  private final long marginMs;
  private final long[] sendTimes;
  private int oldest;
  private int logged;
  private long sentTotal;
  private long holdUntilMs = Long.MIN_VALUE;
  private ServerWord server;

  /** What the server last said: after our request {@code afterSeq} arrived, {@code remaining} were left until {@code resetsAtMs}. */
  private record ServerWord(long afterSeq, int remaining, long resetsAtMs) {
  }

  public RateBudget(RateSpec rate, long marginMs) {
    this.limit = rate.limit();
    this.windowMs = rate.windowMillis();
    this.marginMs = marginMs;
    this.sendTimes = new long[limit];
  }

  /** The margin we use by default: 2% of the window, between 5 ms and 50 ms. */
  public static long defaultMarginMs(RateSpec rate) {
    return Math.max(5, Math.min(50, rate.windowMillis() / 50));
  }

  /** Milliseconds to wait before the next request may leave; 0 means now. */
  public long delayMs(long nowMs) {
    long earliest = holdUntilMs;
    if (logged == limit) {
      earliest = Math.max(earliest, sendTimes[oldest] + windowMs + marginMs);
    }
    if (server != null && nowMs < server.resetsAtMs && server.remaining - sentSince(server.afterSeq) <= 0) {
      earliest = Math.max(earliest, server.resetsAtMs + marginMs);
    }
    return earliest <= nowMs ? 0 : earliest - nowMs;
  }

  /** Records a request leaving now; returns its sequence number (from 1). */
  public long recordSend(long nowMs) {
    sendTimes[(oldest + logged) % limit] = nowMs;
    if (logged < limit) {
      logged++;
    } else {
      oldest = (oldest + 1) % limit;
    }
    return ++sentTotal;
  }

  /** Takes in what a non-429 response said about the key's budget. */
  public void onResponse(long seq, long nowMs, RateLimitHeaders headers) {
    if (headers.remaining() == null) {
      return;
    }
    Long resetIn = later(headers.retryAfterMs(), headers.resetInMs());
    long resetsAt = nowMs + Math.min(resetIn == null ? windowMs : resetIn, LONGEST_HOLD_MS);
    if (server == null || nowMs >= server.resetsAtMs || seq > server.afterSeq) {
      server = new ServerWord(seq, headers.remaining(), resetsAt);
    }
  }

  /** A 429: nothing leaves until the server's stated time (the later of Retry-After and Reset, else one window). */
  public void onRateLimited(long seq, long nowMs, RateLimitHeaders headers) {
    Long wait = later(headers.retryAfterMs(), headers.resetInMs());
    long until = nowMs + Math.min(wait == null ? windowMs : wait, LONGEST_HOLD_MS);
    holdUntilMs = Math.max(holdUntilMs, until);
    server = new ServerWord(Math.max(seq, sentTotal), 0, until);
  }

  public long holdUntilMs() {
    return holdUntilMs;
  }

  public long sentTotal() {
    return sentTotal;
  }

  private long sentSince(long seq) {
    return sentTotal - seq;
  }

  private static Long later(Long a, Long b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : Math.max(a, b);
  }
}
