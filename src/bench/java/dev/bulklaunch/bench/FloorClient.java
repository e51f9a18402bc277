package dev.bulklaunch.bench;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The CPU floor beside the many-keys row ({@link CpuFloor}): the HTTP exchange a launch needs and nothing else. Per
 * key, as the launcher has it, a kept-alive Vert.x HTTP client with a pool of 10 connections on one of one event loop
 * per core (epoll), and one {@code POST /leads/review/{id}} on a periodic timer, its answer's body read. No pacing,
 * no results, no journal. Its own JVM: {@code FloorClient BASE_URL KEYS PERIOD_MS}; prints one line once every key's
 * timer runs.
 */
public final class FloorClient {

  private FloorClient() {
  }

  public static void main(String[] args) {
    URI base = URI.create(args[0]);
    int keys = Integer.parseInt(args[1]);
    long periodMs = Long.parseLong(args[2]);
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true)
        .setEventLoopPoolSize(Runtime.getRuntime().availableProcessors()));
    Future<?> all = Future.succeededFuture();
    for (int k = 1; k <= keys; k++) {
      KeyTicker ticker = new KeyTicker(base, k, periodMs);
      all = all.compose(done -> vertx.deployVerticle(ticker));
    }
    all.onSuccess(done -> System.out.println("floor client ticking: " + keys + " keys, one request every " + periodMs
        + " ms each (native transport " + vertx.isNativeTransportEnabled() + ")"))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }

  /** One key: its client and its timer, on the event loop the verticle was given. */
  private static final class KeyTicker extends VerticleBase {

    private final URI base;
    private final int key;
    private final long periodMs;
    private final String authorization;
    private HttpClient http;
    private long sent;

    KeyTicker(URI base, int key, long periodMs) {
      this.base = base;
      this.key = key;
      this.periodMs = periodMs;
      this.authorization = "Basic " + Base64.getEncoder().encodeToString((":" + ManyKeysRun.keyValue(key))
          .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Future<?> start() {
      http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
          new PoolOptions().setHttp1MaxSize(10));
      vertx.setPeriodic(periodMs, tick -> launch(String.format(Locale.ROOT, "lea_k%03dn%06d", key, ++sent)));
      return Future.succeededFuture();
    }

    private void launch(String leadId) {
      http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(base.getHost()).setPort(base.getPort())
              .setURI(base.getRawPath() + "/leads/review/" + leadId)
              .putHeader("User-Agent", "bench-floor").putHeader("Authorization", authorization))
          .compose(request -> request.send().compose(response -> response.body()));
    }
  }
}
