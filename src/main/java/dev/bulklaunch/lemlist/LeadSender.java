package dev.bulklaunch.lemlist;

import io.reactivex.rxjava3.core.Single;

/** Sends one Launch Lead request. The single never fails: every outcome is an {@link Attempt}. */
@FunctionalInterface
public interface LeadSender {
  Single<Attempt> launch(String leadId);
}
