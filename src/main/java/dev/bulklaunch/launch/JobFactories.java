package dev.bulklaunch.launch;

import dev.bulklaunch.config.LauncherConfig;
import dev.bulklaunch.keys.Keyring;
import dev.bulklaunch.pacing.KeySchedulers;
import dev.bulklaunch.runtime.EventLoopScheduler;
import dev.bulklaunch.lemlist.ApiKey;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link JobFactory} per key of the {@link Keyring}, made when a key is first used: each with its own client and
 * its key's scheduler from the one {@link KeySchedulers} of the process, so jobs of different keys run side by side
 * at their own budgets and jobs of one key share its budget.
 */
public final class JobFactories {

  private final Vertx vertx;
  private final LauncherConfig config;
  private final Keyring keyring;
  private final List<EventLoopScheduler> loops;
  private final List<KeySchedulers> schedulers;
  private final String baseUrl;
  private final Map<String, JobFactory> byName = new ConcurrentHashMap<>();
  private volatile LaneRouting routing = LaneRouting.LOCAL;

  public JobFactories(Vertx vertx, LauncherConfig config, Keyring keyring, EventLoopScheduler loop, String baseUrl) {
    this(vertx, config, keyring, List.of(loop), baseUrl);
  }

  /**
   * Keys spread over {@code loops}: a key's jobs, scheduler and connections live on one event loop, and keys on
   * different loops share no thread. A key's value picks its loop, so two names for one key share its scheduler.
   */
  public JobFactories(Vertx vertx, LauncherConfig config, Keyring keyring, List<EventLoopScheduler> loops,
                      String baseUrl) {
    this.vertx = vertx;
    this.config = config;
    this.keyring = keyring;
    this.loops = List.copyOf(loops);
    this.schedulers = loops.stream().map(KeySchedulers::new).toList();
    this.baseUrl = baseUrl;
  }

  /** The factory of the key named {@code name}; an {@code UnknownKeyException} when the keyring has none. */
  public JobFactory forKey(String name) {
    JobFactory existing = byName.get(name);
    if (existing != null) {
      return existing;
    }
    keyring.get(name); // refuses an unknown name before anything is made
    return byName.computeIfAbsent(name, n -> {
      ApiKey key = keyring.get(n);
      int loop = Math.floorMod(key.fingerprint(baseUrl).hashCode(), loops.size());
      return new JobFactory(vertx, config, schedulers.get(loop), loops.get(loop), key, baseUrl, n, routing);
    });
  }

  /** Where keys made from now on take their permits (a cluster's owners); set before the first job. */
  public JobFactories routedBy(LaneRouting routing) {
    this.routing = routing;
    return this;
  }

  public Keyring keyring() {
    return keyring;
  }

  public LauncherConfig config() {
    return config;
  }

  /** The first event loop (the only one of a command-line run). */
  public EventLoopScheduler loop() {
    return loops.get(0);
  }
}
