package dev.bulklaunch.web;

import dev.bulklaunch.cluster.ClusterJobs;
import dev.bulklaunch.cluster.ClusterKeys;
import dev.bulklaunch.cluster.ClusterView;
import dev.bulklaunch.cluster.Membership;
import dev.bulklaunch.config.ConfigException;
import dev.bulklaunch.config.LauncherConfig;
import dev.bulklaunch.config.ServerConfig;
import dev.bulklaunch.jobs.DirectoryLock;
import dev.bulklaunch.jobs.JobRunners;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code serve}: one {@link KeySchedulers} for the process, every job built by its key's factory ({@link JobFactories}), jobs kept under
 * {@code server.dataDir}, and the {@link WebServer} in front.
 */
public final class LaunchServer {

  private final Jobs jobs;
  private final WebServer web;
  private final DirectoryLock lock;

  private LaunchServer(Jobs jobs, WebServer web, DirectoryLock lock) {
    this.jobs = jobs;
    this.web = web;
    this.lock = lock;
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
    AccessTokens tokens;
    try {
      tokens = WebServer.tokens(server.token(), server); // files read here, on the caller's thread, not on a loop
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    Membership membership = vertx.isClustered() ? Membership.of(vertx) : null;
    DirectoryLock lock;
    try {
      lock = lockDataDir(server.dataDir(), membership == null ? null : config.cluster(0).name(),
          membership == null ? null : membership.name());
    } catch (IOException e) {
      return Future.failedFuture(cannotUse(server, e));
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    return eventLoops(vertx).compose(loops -> {
      JobFactories factories = new JobFactories(vertx, config, keyring, loops, baseUrl);
      JobRunners runners = JobRunners.LOCAL;
      ClusterView cluster = null;
      if (membership != null) {
        factories.routedBy(ClusterKeys.of(vertx, config)); // every key's permits come from its owner in the cluster
        runners = new ClusterJobs(vertx, membership, config.cluster(0).heartbeatTimeout());
        cluster = new ClusterView(vertx, membership);
      }
      Jobs jobs;
      try {
        jobs = new Jobs(vertx, factories, server.dataDir(), true, server.maxRunningJobs(), runners).loadExisting();
        if (server.keepJobs() != null) {
          jobs.keepFinishedFor(server.keepJobs());
        }
      } catch (IOException e) {
        return Future.failedFuture(cannotUse(server, e));
      }
      return WebServer.start(vertx, server.bind(), AllowedSites.from(server), tokens, server, jobs,
          server.maxUploadBytes(), limits, cluster)
          .map(web -> new LaunchServer(jobs, web, lock))
          .onFailure(error -> jobs.close());
    }).onFailure(error -> lock.close());
  }

  // Before anything under the directory is read: a second server must not even look at the first one's jobs.
  private static DirectoryLock lockDataDir(Path dataDir, String cluster, String member) throws IOException {
    Files.createDirectories(dataDir);
    if (cluster != null) {
      return DirectoryLock.shared(DirectoryLock.inDataDir(dataDir), cluster, member, "data directory "
          + dataDir.toAbsolutePath(), "the members of one cluster share a data directory: join that cluster "
          + "(--cluster, cluster.name), or give this server another (--data-dir DIR)");
    }
    return DirectoryLock.local(DirectoryLock.inDataDir(dataDir), "data directory " + dataDir.toAbsolutePath(),
        "one server owns a data directory: stop that one, or give this one another (--data-dir DIR)");
  }

  private static ConfigException cannotUse(ServerConfig server, IOException e) {
    return new ConfigException("server.dataDir: cannot use " + server.dataDir() + ": " + e.getMessage());
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
    // the lock goes last: the next owner must find every job file written
    return web.close().eventually(jobs::close).onComplete(v -> lock.close());
  }
}
