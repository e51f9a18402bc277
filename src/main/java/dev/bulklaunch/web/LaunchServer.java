package dev.bulklaunch.web;

import dev.bulklaunch.cluster.ClusterKeys;
import dev.bulklaunch.config.LauncherConfig;
import dev.bulklaunch.config.ServerConfig;
import dev.bulklaunch.jobs.Jobs;
import dev.bulklaunch.keys.Keyring;
import dev.bulklaunch.launch.JobFactories;
import dev.bulklaunch.lemlist.ApiKey;
import dev.bulklaunch.pacing.KeySchedulers;
import dev.bulklaunch.runtime.EventLoopScheduler;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code serve}: one {@link KeySchedulers} for the process, every job built by its key's factory ({@link JobFactories}), jobs kept under
 * {@code server.dataDir}, and the {@link WebServer} in front.
 */
public final class LaunchServer {

  private final Jobs jobs;
  private final WebServer web;

  private LaunchServer(Jobs jobs, WebServer web) {
    this.jobs = jobs;
    this.web = web;
  }

  public static Future<LaunchServer> start(Vertx vertx, LauncherConfig config, ApiKey key, String baseUrl) {
    return start(vertx, config, key, baseUrl, StreamLimits.DEFAULT);
  }

  public static Future<LaunchServer> start(Vertx vertx, LauncherConfig config, ApiKey key, String baseUrl,
                                           StreamLimits limits) {
    return start(vertx, config, Keyring.single(key), baseUrl, limits);
  }

  /** A server for every key of {@code keyring}: jobs name theirs with {@code ?key=}, else {@value Keyring#DEFAULT}. */
  public static Future<LaunchServer> start(Vertx vertx, LauncherConfig config, Keyring keyring, String baseUrl,
                                           StreamLimits limits) {
    ServerConfig server = config.server();
    return eventLoops(vertx).compose(loops -> {
      JobFactories factories = new JobFactories(vertx, config, keyring, loops, baseUrl);
      if (vertx.isClustered()) {
        factories.routedBy(ClusterKeys.of(vertx, config)); // every key's permits come from its owner in the cluster
      }
      Jobs jobs;
      try {
        jobs = new Jobs(vertx, factories, server.dataDir()).loadExisting();
      } catch (IOException e) {
        return Future.failedFuture(new dev.bulklaunch.config.ConfigException(
            "server.dataDir: cannot use " + server.dataDir() + ": " + e.getMessage()));
      }
      return WebServer.start(vertx, server.bind(), server.token(), server, jobs, server.maxUploadBytes(), limits)
          .map(web -> new LaunchServer(jobs, web));
    });
  }

  /**
   * Every event loop of the process, for the keys to spread over (each instance of a verticle gets the next loop).
   * One loop carried every key at first, and at 300 keys it was the limit: about 1,800 launches/s on this machine,
   * its thread busy all the time.
   */
  private static Future<List<EventLoopScheduler>> eventLoops(Vertx vertx) {
    List<EventLoopScheduler> loops = java.util.Collections.synchronizedList(new ArrayList<>());
    return vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        loops.add(new EventLoopScheduler(context));
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setInstances(VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE)).map(id -> List.copyOf(loops));
  }

  public Jobs jobs() {
    return jobs;
  }

  public WebServer web() {
    return web;
  }

  public Future<Void> close() {
    return web.close().onComplete(v -> jobs.close());
  }
}
