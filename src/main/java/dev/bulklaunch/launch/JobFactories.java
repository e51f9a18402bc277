package dev.bulklaunch.launch;

import dev.bulklaunch.config.LauncherConfig;
import dev.bulklaunch.keys.Keyring;
import dev.bulklaunch.pacing.KeySchedulers;
import dev.bulklaunch.runtime.EventLoopScheduler;
import io.vertx.core.Vertx;
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
  private final KeySchedulers schedulers;
  private final EventLoopScheduler loop;
  private final String baseUrl;
  private final Map<String, JobFactory> byName = new ConcurrentHashMap<>();

  public JobFactories(Vertx vertx, LauncherConfig config, Keyring keyring, EventLoopScheduler loop, String baseUrl) {
    this.vertx = vertx;
    this.config = config;
    this.keyring = keyring;
    this.schedulers = new KeySchedulers(loop);
    this.loop = loop;
    this.baseUrl = baseUrl;
  }

  /** The factory of the key named {@code name}; an {@code UnknownKeyException} when the keyring has none. */
  public JobFactory forKey(String name) {
    JobFactory existing = byName.get(name);
    if (existing != null) {
      return existing;
    }
    keyring.get(name); // refuses an unknown name before anything is made
    return byName.computeIfAbsent(name, n -> new JobFactory(vertx, config, schedulers, loop, keyring.get(n), baseUrl));
  }

  public Keyring keyring() {
    return keyring;
  }

  public LauncherConfig config() {
    return config;
  }

  public EventLoopScheduler loop() {
    return loop;
  }
}
