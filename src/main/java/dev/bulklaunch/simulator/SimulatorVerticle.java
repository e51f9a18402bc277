package dev.bulklaunch.simulator;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The HTTP face of the simulator: lemlist's launch route plus the {@code /_sim} control routes. */
final class SimulatorVerticle extends VerticleBase {

  private static final String JSON = "application/json";

  private final SimulatorOptions options;
  private final SimClock clock;
  private final LaunchDesk desk;
  private final BackgroundConsumer background;
  private final ApiKeyAuth auth;
  private final CampaignRoutes campaigns;
  private final AnswerHold answerHold;
  private volatile long outageUntilMs = -1;
  private HttpServer server;
  private LoopLag loopLag;

  SimulatorVerticle(SimulatorOptions options, SimClock clock, LaunchDesk desk, BackgroundConsumer background) {
    this.options = options;
    this.clock = clock;
    this.desk = desk;
    this.background = background;
    this.auth = new ApiKeyAuth(options.apiKeys());
    this.campaigns = new CampaignRoutes(clock, desk, auth, new SimCampaigns(options.extraCampaigns()));
    this.answerHold = AnswerHold.fromJson(options.answerHold());
  }

  @Override
  public Future<?> start() {
    loopLag = new LoopLag(vertx, clock);
    loopLag.start();
    Router router = Router.router(vertx);
    router.get("/_sim/stats").handler(ctx -> json(ctx, 200, desk.stats().put("loopLag", loopLag.toJson(false))));
    router.get("/_sim/arrivals").handler(ctx -> json(ctx, 200,
        desk.arrivals().put("_loopLag", loopLag.toJson(true))));
    router.get("/_sim/leads/:leadId").handler(ctx -> json(ctx, 200, desk.lead(ctx.pathParam("leadId"))));
    router.post("/_sim/reset").handler(ctx -> {
      reset();
      json(ctx, 200, new JsonObject().put("ok", true));
    });
    router.post("/_sim/outage").handler(this::startOutage);
    router.post("/api/leads/review/:leadId").handler(this::launch);
    campaigns.mount(router);
    router.route("/api/leads/review/:leadId").handler(ctx -> {
      ctx.response().putHeader("Allow", "POST");
      json(ctx, 405, Reply.error("METHOD_NOT_ALLOWED", "Method not allowed"));
    });
    router.route().last().handler(ctx -> json(ctx, 404, Reply.error("NOT_FOUND", "Not found")));
    if (options.outageAfterMs() >= 0 && options.outageMs() > 0) {
      vertx.setTimer(Math.max(1, options.outageAfterMs()), id -> outage(options.outageMs()));
    }
    return vertx.createHttpServer(new HttpServerOptions().setHost(options.host()).setPort(options.port()))
      .requestHandler(request -> route(router, request))
      .listen()
      .onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    background.stop();
    loopLag.stop();
    return server == null ? Future.succeededFuture() : server.close();
  }

  int port() {
    return server.actualPort();
  }

  void reset() {
    background.stop();
    outageUntilMs = -1;
    desk.reset();
    loopLag.clear();
    campaigns.reset();
  }

  private void route(Router router, HttpServerRequest request) {
    if (inOutage() && !request.path().startsWith("/_sim/")) {
      desk.outageRejected();
      request.connection().close();
      return;
    }
    if (options.redirectAll() && request.path().startsWith("/api/")) {
      desk.redirected(); // a proxy or a moved host in front of lemlist: nothing reaches lemlist itself
      request.response().setStatusCode(302).putHeader("Location", "/login?next=" + request.path()).end();
      return;
    }
    router.handle(request);
  }

  private boolean inOutage() {
    return outageUntilMs >= 0 && clock.sinceStartMs() < outageUntilMs;
  }

  private void startOutage(RoutingContext ctx) {
    long ms;
    try {
      ms = Long.parseLong(ctx.request().getParam("ms", "10000"));
    } catch (NumberFormatException e) {
      json(ctx, 400, Reply.error("BAD_REQUEST", "ms must be a whole number of milliseconds"));
      return;
    }
    outage(ms);
    json(ctx, 200, new JsonObject().put("ok", true).put("outageMs", ms));
  }

  private void outage(long ms) {
    outageUntilMs = clock.sinceStartMs() + ms;
    desk.outageStarted();
  }

  private void launch(RoutingContext ctx) {
    String key = auth.keyFrom(ctx.request().getHeader("Authorization"));
    if (key == null) {
      desk.unauthorized();
      ctx.response().setStatusCode(401).putHeader("Content-Type", "text/plain").end("Unauthorized");
      return;
    }
    long nowMs = clock.sinceStartMs();
    Reply reply = desk.launch(key, ctx.pathParam("leadId"), nowMs, clock.serverMs());
    long delayMs = answerHold.delayMs(nowMs, reply.delayMs());
    if (delayMs <= 0) {
      send(ctx, reply);
    } else {
      vertx.setTimer(delayMs, id -> send(ctx, reply));
    }
  }

  private void send(RoutingContext ctx, Reply reply) {
    HttpServerResponse response = ctx.response();
    if (response.closed() || response.ended()) {
      return;
    }
    if (reply.drop()) {
      ctx.request().connection().close();
      return;
    }
    reply.headers().forEach(response::putHeader);
    response.putHeader("Date", JsDateFormat.rfc1123(clock.serverMs()));
    if (reply.html() != null) {
      response.setStatusCode(reply.status()).putHeader("Content-Type", "text/html").end(reply.html());
      return;
    }
    json(ctx, reply.status(), reply.body());
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(body.encode());
  }
}
