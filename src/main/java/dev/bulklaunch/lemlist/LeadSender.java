package dev.bulklaunch.lemlist;

import io.reactivex.rxjava3.core.Single;

/** Sends one Launch Lead request. The single never fails: every outcome is an {@link Attempt}. */
@FunctionalInterface
public interface LeadSender {
  Single<Attempt> launch(String leadId);

  /**
   * The same, running {@code written} once the request has left this process. A sender that cannot tell never runs
   * it: the answer's report counts the request then.
   */
  default Single<Attempt> launch(String leadId, Runnable written) {
    return launch(leadId);
  }
}
