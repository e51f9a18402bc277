package dev.bulklaunch.pacing;

/**
 * Is lemlist reachable at all? After several requests in a row got no answer (connection refused or reset,
 * timeouts) from a server that did answer before, the key is in an outage: all sending stops except one probe at a
 * time, at growing intervals, and the first answer of any kind ends the outage. Leads do not burn their retries on
 * a server that is down, nor on the first failures of a streak, before the outage is declared. An answer to a
 * request sent before the streak began says nothing about now, so it does not break the streak. Pure: times are
 * arguments.
 */
final class Reachability {

  static final int FAILURES_TO_OUTAGE = 5;
  static final long FIRST_PROBE_MS = 1_000;
  static final long MAX_PROBE_MS = 30_000;
  /** After this long down, stop waiting: leads go back to using their retries and fail. */
  static final long GIVE_UP_MS = 10 * 60_000;

  private int failuresInARow;
  private long streakStartSeq = Long.MAX_VALUE;
  private boolean everAnswered;
  private long outageSinceMs = -1;
  private long probeDelayMs;
  private long nextProbeAtMs;
  private long probeSeq = -1;

  boolean inOutage() {
    return outageSinceMs >= 0;
  }

  /** The earliest the next request may leave: any time, the next probe's time, or never while a probe is out. */
  long nextAllowedMs() {
    if (!inOutage()) {
      return Long.MIN_VALUE;
    }
    return probeSeq >= 0 ? Long.MAX_VALUE : nextProbeAtMs;
  }

  void sent(long seq) {
    if (inOutage() && probeSeq < 0) {
      probeSeq = seq;
    }
  }

  /**
   * An outage, or two unanswered requests in a row from a server that answered before: a lead's failure now is
   * most likely not its own. (A server that never answered is a wrong address or a dead one: leads use their
   * retries and fail.)
   */
  boolean looksDown() {
    return inOutage() || everAnswered && failuresInARow >= 2;
  }

  /** Request {@code seq} will never be answered, for reasons of ours: a probe that it was is no longer out. */
  void abandoned(long seq) {
    if (seq == probeSeq) {
      probeSeq = -1;
    }
  }

  /** Request {@code seq} got an answer ({@code answered}) or none; returns whether the key is now in an outage. */
  boolean answered(long seq, boolean answered, long nowMs) {
    if (answered) {
      everAnswered = true;
      if (seq < streakStartSeq && failuresInARow > 0) {
        return inOutage();
      }
      failuresInARow = 0;
      streakStartSeq = Long.MAX_VALUE;
      outageSinceMs = -1;
      probeSeq = -1;
      return false;
    }
    failuresInARow++;
    streakStartSeq = Math.min(streakStartSeq, seq);
    if (inOutage()) {
      if (seq == probeSeq) {
        probeSeq = -1;
        probeDelayMs = Math.min(MAX_PROBE_MS, probeDelayMs * 2);
        nextProbeAtMs = nowMs + probeDelayMs;
        if (nowMs - outageSinceMs > GIVE_UP_MS) {
          outageSinceMs = -1;
          everAnswered = false;
        }
      }
    } else if (everAnswered && failuresInARow >= FAILURES_TO_OUTAGE) {
      outageSinceMs = nowMs;
      probeDelayMs = FIRST_PROBE_MS;
      nextProbeAtMs = nowMs + probeDelayMs;
    }
    return inOutage();
  }
}
