package dev.bulklaunch.launch;

import dev.bulklaunch.pacing.KeyScheduler;
import dev.bulklaunch.pacing.Lanes;
import dev.bulklaunch.runtime.EventLoopScheduler;

/**
 * Which budget a key's jobs take their permits from. Alone, this process's scheduler of the key; in a cluster, the
 * key's owner's, wherever it runs (the cluster package's implementation).
 */
@FunctionalInterface
public interface LaneRouting {

  LaneRouting LOCAL = (name, digest, local, loop) -> local;

  /**
   * @param digest names the key and API root without being the key: members compare it to find a name that means
   *               another key elsewhere
   * @param local  this process's scheduler of the key, on {@code loop}
   */
  Lanes lanes(String keyName, String digest, KeyScheduler local, EventLoopScheduler loop);
}
