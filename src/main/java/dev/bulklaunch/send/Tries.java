package dev.bulklaunch.send;

import dev.bulklaunch.lemlist.Attempt;

/** The running tally of one paced send's requests, and how it ended. */
public final class Tries {

  private int sent;
  private int retriesUsed;
  private int rateLimited;
  private int unreachable;
  private boolean answerMayHaveBeenLost;
  private boolean stopped;
  private Attempt last;

  /** @param sentBefore a request of an earlier run may have reached lemlist (the send log says it left) */
  public Tries(boolean sentBefore) {
    this.answerMayHaveBeenLost = sentBefore;
  }

  /** Requests sent. */
  public int sent() {
    return sent;
  }

  /** The last answer, null before any. */
  public Attempt last() {
    return last;
  }

  /** Whether an earlier request may have been carried out although its answer was lost (timeout, 502, 504). */
  public boolean answerMayHaveBeenLost() {
    return answerMayHaveBeenLost;
  }

  /** Whether the send ended because its job stopped, not with an answer. */
  public boolean stopped() {
    return stopped;
  }

  void sending() {
    sent++;
  }

  void answered(Attempt answer) {
    last = answer;
    answerMayHaveBeenLost |= answer.ambiguous();
  }

  void stop() {
    stopped = true;
  }

  boolean rateLimitedAgain(RetryPolicy retry) {
    return ++rateLimited <= retry.max429();
  }

  /**
   * Whether a request that got no useful answer is tried again. While lemlist itself looks down (the scheduler holds
   * everyone and probes once it is sure) a request that never reached it waits without spending a retry, up to a cap
   * that stops an endless loop.
   */
  boolean retryAfter(Attempt answer, boolean lemlistDown, RetryPolicy retry, int maxUnreachable) {
    if (lemlistDown && !answer.reachedServer()) {
      return ++unreachable <= maxUnreachable;
    }
    if (retriesUsed >= retry.retries()) {
      return false;
    }
    retriesUsed++;
    return true;
  }

  int retriesUsed() {
    return retriesUsed;
  }
}
