package dev.bulklaunch.simulator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A lemlist stand-in on {@code POST /api/leads/review/:leadId}, in-process or standalone. */
public final class LemlistSimulator {

  private static final Logger LOG = LoggerFactory.getLogger(LemlistSimulator.class);

  private final Vertx vertx;
  private final String deploymentId;
  private final SimulatorVerticle verticle;
  private final LaunchDesk desk;
  private final String host;

  private LemlistSimulator(Vertx vertx, String deploymentId, SimulatorVerticle verticle, LaunchDesk desk, String host) {
    this.vertx = vertx;
    this.host = host;
    this.deploymentId = deploymentId;
    this.verticle = verticle;
    this.desk = desk;
  }

  public static Future<LemlistSimulator> start(Vertx vertx, SimulatorOptions options) {
    try {
      options.validate();
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    SimClock clock = new SimClock(options.clockOffsetMs());
    BackgroundConsumer[] background = new BackgroundConsumer[1];
    LaunchDesk desk = new LaunchDesk(options, key -> background[0].follow(key));
    background[0] = new BackgroundConsumer(vertx, clock, desk, options.backgroundFraction(),
      options.rate().limit(), options.rate().windowMillis(), options.backgroundStopAfterMs());
    SimulatorVerticle verticle = new SimulatorVerticle(options, clock, desk, background[0]);
    return vertx.deployVerticle(verticle)
      .map(id -> new LemlistSimulator(vertx, id, verticle, desk, reachableHost(options.host())))
      .onSuccess(sim -> LOG.info("lemlist simulator listening on {} (rate {}, {} window)",
        sim.baseUrl(), options.rate(), options.mode()));
  }

  public int port() {
    return verticle.port();
  }

  public String baseUrl() {
    return "http://" + host + ":" + port() + "/api";
  }

  private static String reachableHost(String bindHost) {
    boolean wildcard = bindHost.equals("0.0.0.0") || bindHost.equals("::") || bindHost.equals("localhost");
    return wildcard ? "127.0.0.1" : bindHost;
  }

  public JsonObject stats() {
    return desk.stats();
  }

  public void reset() {
    verticle.reset();
  }

  public Future<Void> close() {
    return vertx.undeploy(deploymentId);
  }
}
