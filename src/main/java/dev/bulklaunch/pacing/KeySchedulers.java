package dev.bulklaunch.pacing;

import dev.bulklaunch.config.RateSpec;
import io.reactivex.rxjava3.core.Scheduler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link KeyScheduler} per API key and API root in the process, so every run and job on a key shares its budget. */
public final class KeySchedulers {

  private final Scheduler clock;
  private final Map<String, KeyScheduler> byKey = new ConcurrentHashMap<>();

  public KeySchedulers(Scheduler clock) {
    this.clock = clock;
  }

  /** The scheduler of this key, with no cap on requests in flight; the first caller's rate sets its budget. */
  public KeyScheduler forKey(String keyId, RateSpec rate) {
    return forKey(keyId, rate, Integer.MAX_VALUE);
  }

  /**
   * The scheduler of this key; the first caller's rate and connections set its budget.
   *
   * @param keyId       names the key and API root without being the key (its fingerprint)
   * @param connections how many requests the key's client carries at once (its pool): never more permits out
   */
  public KeyScheduler forKey(String keyId, RateSpec rate, int connections) {
    return byKey.computeIfAbsent(keyId,
        k -> new KeyScheduler(RateBudget.forRate(rate), clock, connections));
  }
}
