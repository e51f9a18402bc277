package dev.bulklaunch.pacing;

/**
 * When did a request reach the server? By our clock alone, somewhere between its send and its answer. A server
 * that counts in fixed windows and states Retry-After to the millisecond on every answer (rate-limiter-flexible's
 * time until the window resets) tells more: how long before its window's end each request arrived, the same end
 * for every request of that window. Each answer bounds that end: no earlier than its send plus its Retry-After, no
 * later than its answer plus its Retry-After. The quickest answer of the window bounds it best, and with it when
 * every other request of the window arrived: the end less its own Retry-After. So a request held up on its way in
 * (a new connection's handshake, a queue) is seen arriving late, and one slow only because of the server's work
 * after counting it is not taken for one.
 *
 * <p>Answers are sorted into windows by those bounds: a window ends at least a window after the one before, so an
 * answer whose earliest end lies past the current window's latest belongs to a later window, one whose latest end
 * lies before its earliest to an earlier one. That holds while the two answers compared took less than half a
 * window each; a slower answer is not used.
 *
 * <p>The earliest end bounds each arrival from below as well: no earlier than that end less its own Retry-After.
 * The window's least delayed request on its way in sets that end, so a request that arrived later than its send
 * by more than that one did (a queue on our side, a stalled event loop) is seen doing so. Pure: times are
 * arguments.
 */
final class WindowEnd {

  private final long windowMs;
  private boolean known;
  private long earliestEndMs;
  private long latestEndMs;

  WindowEnd(long windowMs) {
    this.windowMs = windowMs;
  }

  /** When a request arrived: no earlier than {@code earliestMs}, no later than {@code latestMs}. */
  record Arrival(long earliestMs, long latestMs) {
  }

  /**
   * The latest a request can have arrived, given its answer's Retry-After (stated to the millisecond): never
   * later than {@code answeredAtMs}, earlier when the window's quicker answers show it.
   */
  long latestArrivalMs(long sentAtMs, long answeredAtMs, long retryAfterMs) {
    return arrival(sentAtMs, answeredAtMs, retryAfterMs).latestMs();
  }

  /** Both bounds on a request's arrival, given its answer's Retry-After (stated to the millisecond). */
  Arrival arrival(long sentAtMs, long answeredAtMs, long retryAfterMs) {
    Arrival unplaced = new Arrival(sentAtMs, answeredAtMs);
    if (answeredAtMs - sentAtMs >= windowMs / 2) {
      return unplaced;
    }
    long earliestEnd = sentAtMs + retryAfterMs;
    long latestEnd = answeredAtMs + retryAfterMs;
    if (!known || earliestEnd > latestEndMs) {
      known = true;
      earliestEndMs = earliestEnd;
      latestEndMs = latestEnd;
    } else if (latestEnd < earliestEndMs) {
      return unplaced;
    } else {
      earliestEndMs = Math.max(earliestEndMs, earliestEnd);
      latestEndMs = Math.min(latestEndMs, latestEnd);
    }
    return new Arrival(Math.max(sentAtMs, earliestEndMs - retryAfterMs), latestEndMs - retryAfterMs);
  }
}
