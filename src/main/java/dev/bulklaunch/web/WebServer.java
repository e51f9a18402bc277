package dev.bulklaunch.web;

import dev.bulklaunch.cluster.ClusterView;
import dev.bulklaunch.config.HostPort;
import dev.bulklaunch.config.ServerConfig;
import dev.bulklaunch.jobs.Jobs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP side of {@code serve} and {@code --dashboard}: the JSON API, the SSE views of the bus, and the dashboard. */
public final class WebServer {

  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

  private final HttpServer server;
  private final HostPort bind;

  private WebServer(HttpServer server, HostPort bind) {
    this.server = server;
    this.bind = bind;
  }

  /** As below, answering only the loopback names and the bound address, and changes only from its own pages. */
  public static Future<WebServer> start(Vertx vertx, HostPort bind, String token, Jobs jobs, long maxUploadBytes,
                                        StreamLimits limits) {
    return start(vertx, bind, AllowedSites.DEFAULT, tokens(token, null), ServerConfig.from(new JsonObject()), jobs,
        maxUploadBytes, limits);
  }

  /**
   * Listens on {@code bind}. Refuses a non-loopback address without a token (a {@link dev.bulklaunch.config.ConfigException}).
   *
   * Reads the token files of {@code server.tokens}: call it off the event loop.
   *
   * @param token          null: no auth (loopback only) unless {@code server.tokens} has some; else required on /api/*
   * @param server         {@code server.allowedHosts}, {@code server.allowedOrigins}, {@code server.tokens} and the
   *                       upload and SSE limits
   * @param maxUploadBytes largest accepted upload (413 above)
   */
  public static Future<WebServer> start(Vertx vertx, HostPort bind, String token, ServerConfig server, Jobs jobs,
                                        long maxUploadBytes, StreamLimits limits) {
    AccessTokens tokens;
    try {
      tokens = tokens(token, server);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return start(vertx, bind, AllowedSites.from(server), tokens, server, jobs, maxUploadBytes, limits);
  }

  /** With the tokens read already ({@link AccessTokens#load}). */
  static Future<WebServer> start(Vertx vertx, HostPort bind, AllowedSites sites, AccessTokens tokens,
                                 ServerConfig settings, Jobs jobs, long maxUploadBytes, StreamLimits limits) {
    return start(vertx, bind, sites, tokens, settings, jobs, maxUploadBytes, limits, null);
  }

  /** @param cluster what {@code GET /api/cluster} shows; null outside a cluster */
  static Future<WebServer> start(Vertx vertx, HostPort bind, AllowedSites sites, AccessTokens tokens,
                                 ServerConfig settings, Jobs jobs, long maxUploadBytes, StreamLimits limits,
                                 ClusterView cluster) {
    try {
      AccessTokens.checkBind(bind, !tokens.isEmpty());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    HttpServerOptions options = new HttpServerOptions().setCompressionSupported(false);
    if (limits.sendBufferBytes() > 0) {
      options.setSendBufferSize(limits.sendBufferBytes());
    }
    HttpServer server = vertx.createHttpServer(options);
    RequestGuard guard = new RequestGuard(sites, bind.host(), server::actualPort, tokens,
        name -> jobs.factories().keyring().names().contains(name));
    Router router = router(vertx, guard, jobs, settings, maxUploadBytes, limits, cluster);
    return server.requestHandler(request -> {
          RequestGuard.secureHeaders(request);
          router.handle(request);
        }).listen(bind.port(), bind.host())
        .map(listening -> new WebServer(listening, bind));
  }

  static AccessTokens tokens(String token, ServerConfig server) {
    return AccessTokens.load(token, server == null ? java.util.List.of() : server.tokens(), System::getenv);
  }

  /** Throws a {@link dev.bulklaunch.config.ConfigException} for a non-loopback address without a token. */
  public static void checkBind(HostPort bind, String token) {
    AccessTokens.checkBind(bind, token != null && !token.isBlank());
  }

  /** As above, counting the named tokens of {@code server.tokens} too. */
  public static void checkBind(HostPort bind, ServerConfig server) {
    AccessTokens.checkBind(bind, server.hasTokens());
  }

  static Router router(Vertx vertx, RequestGuard guard, Jobs jobs, ServerConfig server, long maxUploadBytes,
                       StreamLimits limits, ClusterView cluster) {
    Instant started = Instant.now();
    JobRoutes routes = new JobRoutes(jobs);
    CampaignRoutes campaigns = new CampaignRoutes(jobs);
    EventStreams events = new EventStreams(vertx, jobs, limits, new Slots(server.maxEventStreams()));
    Router router = Router.router(vertx);
    // first, before any route can read a body or answer anything
    router.route().handler(guard);
    router.get("/health").handler(ctx -> Replies.json(ctx, 200, new JsonObject()
        .put("status", "up").put("live", true).put("ready", true)
        .put("jobs", jobs.list().size()).put("active", jobs.running())
        .put("startedAt", started.toString())));
    router.post("/api/jobs").handler(campaigns::createJob);
    router.post("/api/jobs").handler(new UploadRoute(jobs, maxUploadBytes, new Slots(server.maxUploads()),
        server.uploadIdleTimeout()));
    router.get("/api/campaigns").handler(campaigns::list);
    router.get("/api/campaigns/:campaignId/preview").handler(campaigns::preview);
    router.get("/api/jobs").handler(routes::list);
    router.get("/api/events").handler(events::allEvents);
    router.get("/api/jobs/:id").handler(routes::get);
    router.delete("/api/jobs/:id").handler(routes::cancel);
    router.post("/api/jobs/:id/pause").handler(routes::pause);
    router.post("/api/jobs/:id/resume").handler(routes::resume);
    router.get("/api/jobs/:id/events").handler(events::jobEvents);
    router.get("/api/jobs/:id/results").handler(routes::results);
    router.get("/api/jobs/:id/results.csv").handler(routes::results);
    KeyStates keys = new KeyStates(jobs);
    router.get("/api/keys").handler(new KeyRoutes(keys)::list);
    router.get("/metrics").handler(ServerMetrics.bind(keys, jobs)::scrape);
    router.get("/api/cluster").handler(new ClusterRoute(cluster, jobs)::describe);
    router.route("/api/*").handler(ctx -> Replies.error(ctx, 404, "NO_SUCH_ROUTE",
        ctx.request().method() + " " + ctx.request().path() + " is not part of the API (see /api/jobs)"));
    router.get("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false).setIndexPage("index.html"));
    router.errorHandler(400, ctx -> Replies.error(ctx, 400, "BAD_REQUEST", "the request's path or query could "
        + "not be read"));
    router.errorHandler(404, ctx -> Replies.error(ctx, 404, "NOT_FOUND", "nothing here"));
    router.errorHandler(405, ctx -> Replies.error(ctx, 405, "METHOD_NOT_ALLOWED", "this route does not take "
        + ctx.request().method()));
    router.errorHandler(500, WebServer::internalError);
    return router;
  }

  private static void internalError(RoutingContext ctx) {
    // the type only, as for the path: an exception's message may quote the URI, whose query may hold the token
    LOG.warn("error on {} {}: {}", ctx.request().method(), ctx.request().path(),
        ctx.failure() == null ? "status " + ctx.statusCode() : where(ctx.failure()));
    Replies.error(ctx, 500, "INTERNAL_ERROR", "the server failed on this request; see its log");
  }

  private static String where(Throwable failure) {
    StackTraceElement[] trace = failure.getStackTrace();
    return failure.getClass().getName() + (trace.length == 0 ? "" : " at " + trace[0]);
  }

  public int port() {
    return server.actualPort();
  }

  public String address() {
    String host = bind.host().equals("0.0.0.0") || bind.host().equals("::") ? "127.0.0.1" : bind.host();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/";
  }

  public Future<Void> close() {
    return server.close();
  }
}
