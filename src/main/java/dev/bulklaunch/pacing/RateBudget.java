package dev.bulklaunch.pacing;

import dev.bulklaunch.config.RateSpec;
import dev.bulklaunch.ratelimit.RateLimitHeaders;

/**
 * When may the next request on one API key leave? Pure arithmetic on monotonic milliseconds: no clock, no I/O.
 *
 * <p>A send must pass three rules:
 * <ol>
 *   <li>Our own sliding window ({@link OwnWindow}): the request {@code limit} places back is a whole window behind,
 *       counted by when it can have arrived. So no window of the server's, fixed or sliding, counted by arrival
 *       time, sees more than {@code limit} of ours.</li>
 *   <li>A hold: after a 429 nothing leaves until the server's stated time has passed.</li>
 *   <li>The server's last word: {@code X-RateLimit-Remaining} says how many more requests it takes until its window
 *       resets, which reveals anyone else spending the same key. Requests we sent after that answer are already
 *       spoken for, and what the others are estimated to spend until the reset is left to them.</li>
 * </ol>
 * Within those rules a request leaves at the earliest moment they allow: sending greedily is what finishes a run
 * soonest under "at most N in any window" (spacing sends evenly instead loses up to one window per run). Only when
 * others share the key is what is ours of the window spread evenly until its reset (see {@link #evenlyUntil}). Only a
 * burst is drawn out a little: sends at least a minimum gap apart, so that a 429 the server answers at once
 * reaches us before the next request leaves, instead of finding the rest of the burst already on its way. Once
 * the server has answered 429 there are no more bursts: sends keep the limit's even spacing (the rate itself is
 * not cut), so a further 429 comes back before another request leaves unless answering it takes longer than that.
 * The first 429 of a run can still meet requests of the opening burst already on their way.
 */
public final class RateBudget {

  private static final long LONGEST_HOLD_MS = 3_600_000;
  /**
   * The most of a window we leave to others: a tenth is always ours, so we keep seeing the key and an estimate of
   * others that was too high comes down (leaving them all of it, we sent nothing, heard nothing, and kept it).
   */
  private static final double MOST_OTHERS_TAKE = 0.9;
  /**
   * What we leave others beyond their estimated spending, since it is an estimate: half a request. A whole one was
   * a whole request of every window left unspent beside a steady neighbour (2 % of what it leaves us at half the
   * key); their estimate is re-read with every answer, so the error it covers is a fraction of a request.
   */
  private static final double SLACK = 0.5;

  /**
   * A request written this much after its grant may be counted by the server after requests granted later (see
   * {@link #oursCountedBetween}); less is the usual hand-over from grant to write.
   */
  private static final long LATE_WRITE_MS = 5;
  /** The most of our last requests whose write times are kept. */
  private static final int MOST_WRITES_KEPT = 1_024;

  private final long windowMs;
  private final long marginMs;
  private final OwnWindow own;
  /** When each of our last requests left, by {@code seq % length}: its grant, or its write when that was late. */
  private final long[] writtenAtMs;
  /** The last request written late; while none of those kept was, ours are counted in the order they were granted. */
  private long lastLateSeq;
  private final WindowEnd windowEnd;
  private final long evenSpacingMs;
  private final long minGapMs;
  private long gapMs;
  private long lastSendMs = Long.MIN_VALUE / 2;
  private long holdUntilMs = Long.MIN_VALUE;
  private ServerWord server;
  private ServerWord firstWordOfWindow;
  /** The end of the server's current window by the answer of the request that opened it, if one of ours did. */
  private long windowOpenedEndMs = Long.MAX_VALUE;
  private double othersPerMs;
  /** Our last request sent before the server's window was to reset. */
  private long lastSeqBeforeReset;
  /** Others' requests seen in earlier windows and the send-time spans they were seen over, halved each window. */
  private double earlierOthers;
  private double earlierSpanMs;
  /** The same for the current window so far: from its first answer to the answer about its latest send. */
  private long windowOthers;
  private long windowSpanMs;

  /**
   * What the server said in one answer: when our request {@code afterSeq} arrived, {@code remaining} were left
   * until {@code resetsAtMs}. We heard it at {@code heardAtMs}, {@code latencyMs} after sending that request.
   */
  private record ServerWord(long afterSeq, int remaining, long resetsAtMs, long heardAtMs, long latencyMs,
                            long statedResetMs) {

    ServerWord(long afterSeq, int remaining, long resetsAtMs, long heardAtMs, long latencyMs) {
      this(afterSeq, remaining, resetsAtMs, heardAtMs, latencyMs, resetsAtMs);
    }

    ServerWord resettingBy(long atMs) {
      return new ServerWord(afterSeq, remaining, Math.min(resetsAtMs, atMs), heardAtMs, latencyMs, statedResetMs);
    }

    /** When the request this answer is about left; it arrived a roughly constant network delay later. */
    long sentAtMs() {
      return heardAtMs - latencyMs;
    }
  }

  /** A budget with the default margin and gap for this rate. */
  public static RateBudget forRate(RateSpec rate) {
    return new RateBudget(rate, defaultMarginMs(rate), Math.min(2, rate.windowMillis() / rate.limit() / 4));
  }

  public RateBudget(RateSpec rate, long marginMs) {
    this(rate, marginMs, 0);
  }

  /** @param minGapMs the least time between two sends */
  public RateBudget(RateSpec rate, long marginMs, long minGapMs) {
    this.windowMs = rate.windowMillis();
    this.marginMs = marginMs;
    this.own = new OwnWindow(rate.limit(), windowMs, marginMs);
    this.writtenAtMs = new long[Math.min(MOST_WRITES_KEPT, Math.max(64, 2 * rate.limit()))];
    this.windowEnd = new WindowEnd(windowMs);
    this.minGapMs = minGapMs;
    this.gapMs = minGapMs;
    this.evenSpacingMs = windowMs / rate.limit();
  }

  /** The margin we use by default: 2% of the window, between 5 ms and 50 ms. */
  public static long defaultMarginMs(RateSpec rate) {
    return Math.max(5, Math.min(50, rate.windowMillis() / 50));
  }

  /** Milliseconds to wait before the next request may leave; 0 means now. */
  public long delayMs(long nowMs) {
    long earliest = Math.max(Math.max(holdUntilMs, own.nextAllowedMs()), lastSendMs + gapMs);
    if (server != null && nowMs < server.resetsAtMs) {
      double ours = predictedRemaining(nowMs) - reserve(nowMs);
      if (ours <= 0) {
        earliest = Math.max(earliest, server.resetsAtMs + marginMs);
      } else if (othersShareTheKey()) {
        earliest = Math.max(earliest, evenlyUntil(server.resetsAtMs, ours));
      }
    } else if (server != null && othersShareTheKey()) {
      earliest = Math.max(earliest, evenlyInTheNextWindow(nowMs));
    }
    return earliest <= nowMs ? 0 : earliest - nowMs;
  }

  /** Records a request leaving now; returns its sequence number (from 1). */
  public long recordSend(long nowMs) {
    if (nowMs - Math.max(lastSendMs, holdUntilMs) >= windowMs) {
      gapMs = minGapMs; // idle for a whole window: whatever made us cautious is a window behind
    }
    lastSendMs = nowMs;
    long seq = own.sent(nowMs);
    writtenAtMs[(int) (seq % writtenAtMs.length)] = nowMs;
    if (server != null && nowMs < server.resetsAtMs) {
      lastSeqBeforeReset = seq;
    }
    return seq;
  }

  /**
   * Request {@code seq}, counted as arriving by {@code grantedAtMs} and the margin, was written by {@code writtenByMs}
   * (a busy event loop, a connection taken late): later than the margin allows, it counts from its write, before its
   * answer comes back; an answer slower than a window would come after its place had been granted again.
   */
  public void onWritten(long seq, long grantedAtMs, long writtenByMs) {
    wroteAt(seq, writtenByMs);
    if (writtenByMs - grantedAtMs > marginMs) {
      own.writtenLate(seq, writtenByMs);
    }
  }

  /**
   * Takes in what a non-429 answer said about the key's budget.
   *
   * @param sentAtMs when the request that got this answer left
   */
  public void onResponse(long seq, long sentAtMs, long nowMs, RateLimitHeaders headers) {
    onResponse(seq, sentAtMs, nowMs, headers, true);
  }

  /**
   * @param usualWork false for an answer whose time says nothing about a launch's (a campaign export, a list):
   *                  counted in the window like any request, but kept out of what "usual latency" means, or one
   *                  slow read would hide the late arrivals of the launches after it
   */
  public void onResponse(long seq, long sentAtMs, long nowMs, RateLimitHeaders headers, boolean usualWork) {
    // The server's stamp (WindowEnd) dates the arrival: for our own window while the answers are cold, and for the
    // reset below. A server that once stated Retry-After to the millisecond prints whole seconds only for a whole
    // number of them (ms / 1000 reads "1" for 1000), as it does for the first request of each window.
    wroteAt(seq, sentAtMs);
    if (headers.retryAfterToTheMs()) {
      windowEnd.trustStamps();
    }
    // placed even before the server is known to state milliseconds: the run's first answer, whose "1" is exact for
    // one that does, bounds its request's arrival once a later answer shows it does (see WindowEnd.Arrival)
    WindowEnd.Arrival stamped = headers.retryAfterMs() != null
        ? windowEnd.arrival(sentAtMs, nowMs, headers.retryAfterMs())
        : new WindowEnd.Arrival(sentAtMs, nowMs);
    long arrivedBy = Math.min(own.arrivedBy(sentAtMs, nowMs), stamped.latestMs());
    own.answered(seq, nowMs, nowMs - sentAtMs, usualWork, stamped);
    if (headers.remaining() == null) {
      return;
    }
    // A server states Retry-After when it counts the request, which is on arrival, before it does the work that
    // makes up most of the latency: measured from the arrival, not from the answer, or each window would be
    // stretched by a full latency.
    long stated = headers.retryAfterMs() != null
        ? arrivedBy + Math.min(headers.retryAfterMs(), LONGEST_HOLD_MS)
        : nowMs + Math.min(headers.resetInMs() == null ? windowMs : headers.resetInMs(), LONGEST_HOLD_MS);
    ServerWord word = new ServerWord(seq, headers.remaining(), stated, nowMs, Math.max(0, nowMs - sentAtMs));
    long openedEnd = openedTheWindow(headers, sentAtMs, nowMs) ? arrivedBy + windowMs : Long.MAX_VALUE;
    if (server != null && stated <= server.statedResetMs + windowMs / 2 && nowMs >= server.resetsAtMs
        && sentAtMs < server.resetsAtMs && server.resetsAtMs < server.statedResetMs
        && Math.abs(stated - server.statedResetMs) < Math.max(windowMs / 2, headers.resetResolutionMs())) {
      return; // a late answer of the window that ended, repeating its coarse Reset: it says nothing of the next
    }
    if (server == null || nowMs >= server.resetsAtMs || stated > server.statedResetMs + windowMs / 2) {
      windowOpenedEndMs = openedEnd;
      server = word.resettingBy(openedEnd);
      newWindow(word);
      return;
    }
    windowOpenedEndMs = Math.min(windowOpenedEndMs, openedEnd);
    server = (seq > server.afterSeq ? word : server).resettingBy(windowOpenedEndMs);
    estimateOthers(word);
  }

  /**
   * Did this request open the server's window? Its answer says it is the only one counted in it, so the window
   * ends (or, sliding, its slot frees) a window after it arrived: a bound to the millisecond, where a Reset in
   * whole seconds (epoch or delta seconds, HTTP and JavaScript dates) is only one to the second, often rounded up.
   * Used when the answer has no Retry-After (which dates the end better already): an absolute Reset is read on our
   * estimate of the server's clock, which its Date header gives to the second only, so even epoch milliseconds
   * bound the end only to within that estimate.
   */
  private boolean openedTheWindow(RateLimitHeaders headers, long sentAtMs, long nowMs) {
    int serverLimit = headers.limit() != null ? headers.limit() : own.limit();
    return headers.retryAfterMs() == null && headers.remaining() == serverLimit - 1 && nowMs - sentAtMs < windowMs / 2;
  }

  /**
   * How many requests the server will still take in this window when one of ours arrives now: what it last said,
   * less ours sent since, less what others spend meanwhile. That answer is stale by its own latency: the server
   * counted at arrival and others kept spending while it travelled back.
   */
  private double predictedRemaining(long nowMs) {
    long staleForMs = nowMs - server.heardAtMs + server.latencyMs;
    return server.remaining - sentSince(server.afterSeq) - othersPerMs * staleForMs;
  }

  /**
   * When others share the key, what is ours of the window is spread evenly until its reset instead of sent at once:
   * the earliest moment at which the time since our last send is at least the time left shared by what we may still
   * send. Another launcher on the key that bursts at the window's start looks, while it bursts, like a neighbour
   * spending that fast all window long; two launchers that both burst each left the other a whole window at that
   * rate and shared a fifth of the budget between them (a fake-clock run, {@code SharedKeyTest}). Spread evenly,
   * each one's rate is what it spends, so each leaves the other what it really takes, and together they use it all.
   */
  private long evenlyUntil(long resetMs, double ours) {
    return (long) Math.ceil((ours * lastSendMs + resetMs) / (ours + 1));
  }

  /**
   * Others spend at least 2 % of each window (one request at the least): less is read as the noise of answers heard
   * out of order, and a launch alone on its key keeps sending at once.
   */
  private boolean othersShareTheKey() {
    return othersPerMs * windowMs >= Math.max(1, own.limit() / 50.0);
  }

  /**
   * Past the reset, before any answer of the new window: the window is taken to be whole, less ours sent since the
   * reset and what others spend, and ours of it spread evenly as above. Bursting here instead, two launchers each
   * saw the other's burst as its spending rate and left it a window of that.
   */
  private long evenlyInTheNextWindow(long nowMs) {
    long resetMs = server.resetsAtMs + windowMs;
    double remaining = own.limit() - (own.sentTotal() - lastSeqBeforeReset) - othersPerMs * (nowMs - server.resetsAtMs);
    double ours = remaining - SLACK - othersPerMs * Math.max(0, resetMs - nowMs);
    return ours <= 0 ? resetMs + marginMs : evenlyUntil(resetMs, ours);
  }

  /**
   * What we leave in the server's window when others share the key: what they are estimated to spend until it
   * resets (their share is theirs: taking it would leave their requests to 429s), and {@link #SLACK}, since
   * their spending is an estimate.
   */
  private double reserve(long nowMs) {
    return othersPerMs > 0 ? SLACK + othersPerMs * Math.max(0, server.resetsAtMs - nowMs) : 0;
  }

  /**
   * Others' spending rate: the drops in Remaining that our own requests do not explain, over the time they took,
   * in this window and (halved at each new window) the ones before, where the same neighbour most likely went on:
   * one window's glimpse is a burst of ours lasting a tenth of it, and an estimate from that alone swung by a
   * fifth either way. The time is measured between the two requests' sends, which the server's counts follow,
   * not between their answers: the first answer heard in a window is the quickest of a burst, so answer times
   * made others look a third slower.
   */
  private void estimateOthers(ServerWord word) {
    long span = word.sentAtMs() - firstWordOfWindow.sentAtMs();
    if (span <= windowSpanMs || word.afterSeq <= firstWordOfWindow.afterSeq) {
      return;
    }
    long spentByAll = firstWordOfWindow.remaining - word.remaining;
    // what is known of the order they left is partial (a request written late says so only when it is 5 ms late,
    // and maybe after its successor's answer), so each count only ever adds to ours: a neighbour seen by neither is
    // none
    long spentByUs = Math.max(word.afterSeq - firstWordOfWindow.afterSeq,
        oursCountedBetween(firstWordOfWindow.afterSeq, word.afterSeq));
    windowOthers = Math.max(0, spentByAll - spentByUs);
    windowSpanMs = span;
    double spanMs = Math.max(earlierSpanMs + windowSpanMs, windowMs / 10.0);
    othersPerMs = Math.min(MOST_OTHERS_TAKE * own.limit() / windowMs, (earlierOthers + windowOthers) / spanMs);
  }

  /** Request {@code seq} left at {@code atMs}: kept when that was late enough to change the order of arrival. */
  private void wroteAt(long seq, long atMs) {
    int slot = (int) (seq % writtenAtMs.length);
    if (seq > own.sentTotal() - writtenAtMs.length && atMs - writtenAtMs[slot] >= LATE_WRITE_MS) {
      writtenAtMs[slot] = atMs;
      lastLateSeq = Math.max(lastLateSeq, seq);
    }
  }

  /**
   * How many of ours the server counted after request {@code from} and up to request {@code to}: those that left
   * between the two, in the order they left. That is the order they were granted, unless some were written late
   * (a cold start opening its connections, a busy loop): counted by grant order, an earlier request counted later
   * was taken for someone else's, and a launcher alone on its key saw a neighbour spending most of it.
   */
  private long oursCountedBetween(long from, long to) {
    long oldestKept = own.sentTotal() - writtenAtMs.length + 1;
    if (lastLateSeq < oldestKept || from < oldestKept || to < oldestKept) {
      return to - from;
    }
    long fromAt = writtenAtMs[(int) (from % writtenAtMs.length)];
    long toAt = writtenAtMs[(int) (to % writtenAtMs.length)];
    long counted = 0;
    for (long seq = Math.max(1, oldestKept); seq <= own.sentTotal(); seq++) {
      long at = writtenAtMs[(int) (seq % writtenAtMs.length)];
      boolean afterFrom = at > fromAt || (at == fromAt && seq > from);
      boolean byTo = at < toAt || (at == toAt && seq <= to);
      if (afterFrom && byTo) {
        counted++;
      }
    }
    return counted;
  }

  private void newWindow(ServerWord first) {
    firstWordOfWindow = first;
    earlierOthers = (earlierOthers + windowOthers) / 2;
    earlierSpanMs = (earlierSpanMs + windowSpanMs) / 2;
    windowOthers = 0;
    windowSpanMs = 0;
  }

  /** Others' estimated spending on this key, in requests per second. */
  public double othersPerSecond() {
    return othersPerMs * 1000;
  }

  /** A 429: nothing leaves until the server's stated time (Retry-After, else Reset, else one window). */
  public void onRateLimited(long seq, long sentAtMs, long nowMs, RateLimitHeaders headers) {
    own.answered(seq, nowMs, nowMs - sentAtMs, false, new WindowEnd.Arrival(sentAtMs, nowMs));
    gapMs = Math.max(gapMs, evenSpacingMs);
    Long wait = untilReset(headers);
    long until = nowMs + Math.min(wait == null ? windowMs : wait, LONGEST_HOLD_MS);
    holdUntilMs = Math.max(holdUntilMs, until);
    server = new ServerWord(Math.max(seq, own.sentTotal()), 0, until, nowMs, 0);
    windowOpenedEndMs = Long.MAX_VALUE;
    newWindow(server);
  }

  /**
   * Nothing leaves for one whole window from now: a key whose budget was counted elsewhere until now (another
   * cluster member owned it) starts from what it can know for sure, that nothing granted before is still in the window.
   */
  public void holdOneWindow(long nowMs) {
    holdUntilMs = Math.max(holdUntilMs, nowMs + windowMs);
  }

  /** The least time between two sends now. */
  public long gapMs() {
    return gapMs;
  }

  public long holdUntilMs() {
    return holdUntilMs;
  }

  public long sentTotal() {
    return own.sentTotal();
  }

  private long sentSince(long seq) {
    return own.sentTotal() - seq;
  }

  /**
   * Retry-After when the server sends it: a relative delay, often to the millisecond. X-RateLimit-Reset otherwise:
   * an absolute date, in lemlist's case to the second only, read on our estimate of the server's clock.
   */
  private static Long untilReset(RateLimitHeaders headers) {
    return headers.retryAfterMs() != null ? headers.retryAfterMs() : headers.resetInMs();
  }
}
