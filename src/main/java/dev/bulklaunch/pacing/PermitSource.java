package dev.bulklaunch.pacing;

import io.reactivex.rxjava3.core.Single;

/**
 * Where a sender takes its permits and reports its answers: a {@link KeyScheduler}'s lane. Both calls are
 * asynchronous and carry plain data, so the scheduler of a key may live in another process.
 */
public interface PermitSource {

  /** A permit to send one request now, granted when the key's budget allows. Disposing it gives up the place. */
  Single<Permit> acquire();

  /**
   * Feeds one request's answer back. Emits whether lemlist looks down now (an outage, or a streak of unanswered
   * requests), so the sender knows a failure was most likely not its request's bad luck.
   */
  Single<Boolean> report(Permit permit, AnswerReport answer);

  /**
   * The permit's request was written {@code afterMs} after the permit came into the sender's hands: it is counted
   * from then rather than from its grant, as its answer's report would, but now (called only for a late write; a
   * request written at once says nothing).
   */
  void written(Permit permit, long afterMs);

  /** A permit whose request got no answer to report (it failed before it was written, or was disposed). */
  void abandon(Permit permit);
}
