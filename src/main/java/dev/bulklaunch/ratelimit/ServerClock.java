package dev.bulklaunch.ratelimit;

/**
 * Estimates the server's clock from its {@code Date} headers, so that absolute reset times are read on the server's
 * clock and not on ours (the two may differ by seconds or more). Each response bounds the offset: the server wrote
 * its date, truncated to the second, at some moment between our send and our receipt. The bounds narrow as
 * responses come in.
 */
public final class ServerClock {

  private long lowOffsetMs = Long.MIN_VALUE;
  private long highOffsetMs = Long.MAX_VALUE;

  /** Narrows the offset with one response's Date header; wall-clock times in epoch milliseconds. */
  public void observe(String dateHeader, long sentAtWallMs, long receivedAtWallMs) {
    Long date = dateHeader == null ? null : HeaderTimes.parseDate(dateHeader);
    if (date == null) {
      return;
    }
    long low = date - receivedAtWallMs;
    long high = date + 999 - sentAtWallMs;
    if (low > highOffsetMs || high < lowOffsetMs) {
      // Disjoint with what we knew: one of the clocks was stepped. Start over from this response.
      lowOffsetMs = low;
      highOffsetMs = high;
    } else {
      lowOffsetMs = Math.max(lowOffsetMs, low);
      highOffsetMs = Math.min(highOffsetMs, high);
    }
  }

  public boolean known() {
    return lowOffsetMs != Long.MIN_VALUE;
  }

  /**
   * The earliest the server's clock can read at our wall-clock time. Using the earliest makes absolute reset times
   * look further away: when in doubt we wait a little longer rather than send into a closed window.
   */
  public long serverNowAtLeast(long wallMs) {
    return known() ? wallMs + lowOffsetMs : wallMs;
  }

  /** Width of the uncertainty on the offset, in milliseconds (0 when unknown). */
  public long uncertaintyMs() {
    return known() ? highOffsetMs - lowOffsetMs : 0;
  }
}
