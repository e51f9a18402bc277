package dev.bulklaunch.web;

import dev.bulklaunch.campaign.CampaignReader;
import dev.bulklaunch.config.LauncherConfig;
import dev.bulklaunch.launch.RetryPolicy;
import dev.bulklaunch.config.ServerConfig;
import dev.bulklaunch.launch.JobFactory;
import dev.bulklaunch.lemlist.ApiKey;
import dev.bulklaunch.pacing.KeySchedulers;
import dev.bulklaunch.runtime.EventLoopScheduler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;

/**
 * {@code serve}: one {@link KeySchedulers} for the process, every job built by one {@link JobFactory}, jobs kept under
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
    ServerConfig server = config.server();
    EventLoopScheduler loop = new EventLoopScheduler(vertx.getOrCreateContext());
    KeySchedulers schedulers = new KeySchedulers(loop);
    JobFactory factory = new JobFactory(vertx, config, schedulers, loop, key, baseUrl);
    CampaignReader campaigns = new CampaignReader(vertx, baseUrl, key, schedulers.forKey(baseUrl, key, config.rate()),
        config.timeout(), RetryPolicy.withRetries(config.retries()), loop);
    Jobs jobs;
    try {
      jobs = new Jobs(vertx, factory, server.dataDir()).withCampaigns(campaigns).loadExisting();
    } catch (IOException e) {
      return Future.failedFuture(new dev.bulklaunch.config.ConfigException(
          "server.dataDir: cannot use " + server.dataDir() + ": " + e.getMessage()));
    }
    return WebServer.start(vertx, server.bind(), server.token(), jobs, server.maxUploadBytes(), limits)
        .map(web -> new LaunchServer(jobs, web));
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
