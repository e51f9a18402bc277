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
  /** The window the latest answers fell in; null before the first. */
  private Bounds current;
  /** Whether the server was seen stating Retry-After to the millisecond: only then do its stamps bound anything. */
  private boolean trusted;

  WindowEnd(long windowMs) {
    this.windowMs = windowMs;
  }

  /** One server window's end, as its answers have bounded it so far: each later answer of it may tighten it. */
  private static final class Bounds {
    private long earliestEndMs;
    private long latestEndMs;

    private Bounds(long earliestEndMs, long latestEndMs) {
      this.earliestEndMs = earliestEndMs;
      this.latestEndMs = latestEndMs;
    }
  }

  /** The server states Retry-After to the millisecond (and whole seconds only for a whole number of them). */
  void trustStamps() {
    trusted = true;
  }

  /**
   * When a request arrived: no earlier than {@link #earliestMs}, no later than {@link #latestMs}. Placed in a window,
   * both are read from that window's end as known when asked, so answers that came after this one (a quicker
   * one, read while the first answers were still taken in slowly) bound it as well as they bound their own; and
   * only once the server is known to state milliseconds (a run's first answer says "1", exact only for a server
   * that does).
   */
  static final class Arrival {
    private final long sentAtMs;
    private final long answeredAtMs;
    private final long retryAfterMs;
    private final Bounds window;
    private final WindowEnd placedBy;

    /** Between its send and its answer, and nothing known beyond that. */
    Arrival(long sentAtMs, long answeredAtMs) {
      this(sentAtMs, answeredAtMs, 0, null, null);
    }

    private Arrival(long sentAtMs, long answeredAtMs, long retryAfterMs, Bounds window, WindowEnd placedBy) {
      this.sentAtMs = sentAtMs;
      this.answeredAtMs = answeredAtMs;
      this.retryAfterMs = retryAfterMs;
      this.window = window;
      this.placedBy = placedBy;
    }

    long earliestMs() {
      return bounded() ? Math.max(sentAtMs, window.earliestEndMs - retryAfterMs) : sentAtMs;
    }

    long latestMs() {
      return bounded() ? Math.min(answeredAtMs, window.latestEndMs - retryAfterMs) : answeredAtMs;
    }

    /** From its send to its answer. */
    long latencyMs() {
      return answeredAtMs - sentAtMs;
    }

    private boolean bounded() {
      return window != null && placedBy.trusted;
    }
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
    if (current == null || earliestEnd > current.latestEndMs) {
      current = new Bounds(earliestEnd, latestEnd);
    } else if (latestEnd < current.earliestEndMs) {
      return unplaced;
    } else {
      current.earliestEndMs = Math.max(current.earliestEndMs, earliestEnd);
      current.latestEndMs = Math.min(current.latestEndMs, latestEnd);
    }
    return new Arrival(sentAtMs, answeredAtMs, retryAfterMs, current, this);
  }
}
