package dev.bulklaunch.pacing;

/**
 * Our own sliding window over the key's last {@code limit} requests, counted by when they can have ARRIVED, not
 * when we sent them. The request {@code limit} places after request {@code i} may leave only once {@code i} is a
 * whole window behind it at the server.
 *
 * <p>When request {@code i} arrived is unknown: somewhere between its send and its answer. We take its send plus
 * a margin, and, once its answer is in, push that back by however much longer the answer took than usual: a
 * request stuck in a queue on either side (a stalled event loop, a busy proxy, a server reading late) arrives
 * late, then counts late, and would make the next window look crowded. "Usual" is the slowest of the last 64
 * answers: a server's own processing time varies widely and is spent after the request was counted, so only an
 * answer slower than all recent ones is taken as a sign of a queue; a healthy run loses only the margin. (A lower
 * percentile measurably cost utilization under heavy-tailed latency: every push persists down its slot's chain.)
 * Until a few answers have shown what usual is (a cold start: new connections, a JVM still warming up), an answer's
 * whole latency counts as possibly spent before arrival, unless the server's own stamp shows it arrived earlier
 * ({@link WindowEnd}).
 */
final class OwnWindow {

  private static final int LATENCY_SAMPLES = 64;

  private final int limit;
  private final long windowMs;
  private final long marginMs;
  /** For each of the last {@code limit} requests, when its slot frees; indexed by {@code (seq - 1) % limit}. */
  private final long[] freesAtMs;
  /**
   * For the same requests, the server's stamp of their arrival, read only when the slot is wanted: the bound tightens
   * with every later answer of its window, and a cold start's first answers, taken in late, bound their own
   * arrival loosely (the first request's slot freed 60-80 ms late at the wire). Null where there is none.
   */
  private final WindowEnd.Arrival[] stamps;
  /** Whether the stamp was taken in cold, before anything showed what usual is (see {@link #stampedFreesAt}). */
  private final boolean[] takenInCold;
  /** The latest time a request older than those in {@link #freesAtMs} frees its slot. */
  private long rolledOutFreesAtMs = Long.MIN_VALUE;
  private long sent;
  private final long[] latencies = new long[LATENCY_SAMPLES];
  private int latencyCount;
  /** Answers needed before "usual" means anything: the first window's worth (connections and JIT still warming). */
  private final int minSamples;

  OwnWindow(int limit, long windowMs, long marginMs) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.marginMs = marginMs;
    this.freesAtMs = new long[limit];
    this.stamps = new WindowEnd.Arrival[limit];
    this.takenInCold = new boolean[limit];
    this.minSamples = Math.min(limit, LATENCY_SAMPLES);
  }

  /** The earliest the next request may leave. */
  long nextAllowedMs() {
    if (sent < limit) {
      return Long.MIN_VALUE;
    }
    return Math.max(rolledOutFreesAtMs, freesAt((int) (sent % limit)));
  }

  /** Records the next request leaving at {@code nowMs}; returns its sequence number. */
  long sent(long nowMs) {
    int slot = (int) (sent % limit);
    if (sent >= limit) {
      rolledOutFreesAtMs = Math.max(rolledOutFreesAtMs, freesAt(slot));
    }
    freesAtMs[slot] = nowMs + windowMs + marginMs;
    stamps[slot] = null;
    return ++sent;
  }

  /**
   * Request {@code seq}'s answer came {@code latencyMs} after it left; {@code usualWork} is false for 429s.
   * {@code stamped} bounds its arrival by the server's stamp (its send and answer without one). A request the stamp
   * shows arriving later than its send (by more than the window's least delayed request) counts from there.
   */
  void answered(long seq, long nowMs, long latencyMs, boolean usualWork, WindowEnd.Arrival stamped) {
    long usual = usualLatencyMs();
    if (usualWork) {
      latencies[latencyCount++ % LATENCY_SAMPLES] = latencyMs;
    }
    boolean slow = latencyMs > usual;
    if (slow && usual > 0) {
      pushBack(seq, nowMs - usual + windowMs + marginMs);
    }
    stampBack(seq, stamped, slow && usual == 0);
  }

  /** Request {@code seq} was written (left this process) only at {@code writtenAtMs}: it arrives no earlier. */
  void writtenLate(long seq, long writtenAtMs) {
    pushBack(seq, writtenAtMs + windowMs + marginMs);
  }

  private void stampBack(long seq, WindowEnd.Arrival stamped, boolean cold) {
    if (seq > sent - limit) {
      int slot = (int) ((seq - 1) % limit);
      freesAtMs[slot] = freesAt(slot);
      stamps[slot] = stamped;
      takenInCold[slot] = cold;
    } else {
      rolledOutFreesAtMs = Math.max(rolledOutFreesAtMs, stampedFreesAt(stamped, cold));
    }
  }

  private long freesAt(int slot) {
    WindowEnd.Arrival stamped = stamps[slot];
    return stamped == null ? freesAtMs[slot] : Math.max(freesAtMs[slot], stampedFreesAt(stamped, takenInCold[slot]));
  }

  /**
   * An answer taken in while nothing showed what usual is counts its whole latency as possibly spent before its
   * request arrived, until something does: then one quicker than the slowest of the recent answers is read as any
   * of them. Cold, a launcher reads its first answers late (at the wire, the first request's answer came 112 ms after
   * it left, on a server that answers in 20-120 ms), and that slot, and the chain of every later one, freed that late.
   */
  private long stampedFreesAt(WindowEnd.Arrival stamped, boolean cold) {
    long arrivedBy = stamped.earliestMs();
    if (cold) {
      long usual = usualLatencyMs();
      if (usual == 0 || stamped.latencyMs() >= usual) {
        arrivedBy = stamped.latestMs();
      }
    }
    return arrivedBy + windowMs + marginMs;
  }

  private void pushBack(long seq, long freesAt) {
    if (seq > sent - limit) {
      int slot = (int) ((seq - 1) % limit);
      freesAtMs[slot] = Math.max(freesAtMs[slot], freesAt);
    } else {
      rolledOutFreesAtMs = Math.max(rolledOutFreesAtMs, freesAt);
    }
  }

  /** The latest a request sent at {@code sentAtMs} and answered at {@code nowMs} can have arrived, by the rule above. */
  long arrivedBy(long sentAtMs, long nowMs) {
    return sentAtMs + Math.max(0, (nowMs - sentAtMs) - usualLatencyMs());
  }

  int limit() {
    return limit;
  }

  long sentTotal() {
    return sent;
  }

  /** The slowest of the recent answer times: slower than this, something stood in the way. */
  private long usualLatencyMs() {
    int n = Math.min(latencyCount, LATENCY_SAMPLES);
    if (n < minSamples) {
      return 0;
    }
    long slowest = 0;
    for (int i = 0; i < n; i++) {
      slowest = Math.max(slowest, latencies[i]);
    }
    return slowest; // a max, not a sort: this runs on every answer (a copy and sort was 5 % of the server's Java samples)
  }
}
