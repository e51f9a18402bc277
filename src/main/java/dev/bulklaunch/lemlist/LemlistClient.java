package dev.bulklaunch.lemlist;

import dev.bulklaunch.ratelimit.RateLimitHeaders;
import dev.bulklaunch.ratelimit.ServerClock;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST {base}/leads/review/{leadId}}, one lead per call, on Vert.x's plain HTTP client: one request and its
 * answer, nothing of the Web Client's per-request machinery. Never fails: every answer, timeout and lost connection
 * comes back as an {@link Attempt}, whose latency runs from the request written to the connection (its permit's
 * budget needs to know when it left; the time before that is waiting, see
 * {@link dev.bulklaunch.pacing.AnswerReport#writtenAfterMs()}).
 */
public final class LemlistClient implements LeadSender {

  private final HttpClient http;
  private final String baseUrl;
  private final String host;
  private final int port;
  private final boolean ssl;
  private final String reviewPath;
  private final String authorization;
  private final long timeoutMs;
  private final ServerClock serverClock = new ServerClock();

  public LemlistClient(Vertx vertx, String baseUrl, ApiKey apiKey, Duration timeout, int connections) {
    this.http = LemlistHttp.client(vertx, timeout, connections);
    this.baseUrl = baseUrl;
    URI base = URI.create(LemlistHttp.withoutTrailingSlash(baseUrl));
    this.ssl = "https".equalsIgnoreCase(base.getScheme());
    this.host = base.getHost();
    this.port = base.getPort() != -1 ? base.getPort() : ssl ? 443 : 80;
    this.reviewPath = (base.getRawPath() == null ? "" : base.getRawPath()) + "/leads/review/";
    this.authorization = apiKey.basicAuthorization(); // encoded once rather than per request
    this.timeoutMs = timeout.toMillis();
  }

  @Override
  public Single<Attempt> launch(String leadId) {
    return launch(leadId, () -> { });
  }

  @Override
  public Single<Attempt> launch(String leadId, Runnable written) {
    return Single.create(emitter -> {
      long startNanos = System.nanoTime();
      long sentAtWall = System.currentTimeMillis();
      long[] writtenNanos = {startNanos};
      RequestOptions request = new RequestOptions()
          .setMethod(HttpMethod.POST)
          .setHost(host).setPort(port).setSsl(ssl)
          .setURI(reviewPath + PathSegment.encode(leadId))
          .setIdleTimeout(timeoutMs)
          .putHeader("User-Agent", LemlistHttp.USER_AGENT)
          .putHeader("Authorization", authorization);
      http.request(request)
          .compose(sending -> {
            sending.end().onSuccess(ok -> {
              writtenNanos[0] = System.nanoTime();
              written.run();
            });
            return sending.response();
          })
          .compose(response -> response.body().map(body -> classify(response, body, sentAtWall, writtenNanos[0])))
          .onComplete(done -> emitter.onSuccess(done.succeeded() ? done.result() : failed(done.cause(), writtenNanos[0])));
    });
  }

  /**
   * Opens up to {@code count} of the pool's connections ahead of the first requests, one after the other in tasks of
   * their own on the calling event loop (a request asking meanwhile is not queued behind them all), and writes
   * nothing on them: each is taken from the pool as a request that is reset before anything is written, which
   * hands the open connection back to the pool. Cold, a new connection costs the loop several milliseconds to set
   * up, and the first requests, each on a new connection, left that much apart: the first window's spread, which
   * every later window keeps. Best effort: a connection that fails to open is simply opened by its request later.
   */
  public void connectAhead(int count) {
    Context context = Vertx.currentContext();
    if (count <= 0 || context == null) {
      return;
    }
    http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port).setSsl(ssl)
            .setURI(reviewPath))
        .onSuccess(unsent -> {
          unsent.exceptionHandler(ignored -> { });
          unsent.reset();
        });
    context.runOnContext(next -> connectAhead(count - 1));
  }

  public void close() {
    http.close();
  }

  private Attempt classify(HttpClientResponse response, Buffer body, long sentAtWall, long writtenNanos) {
    long latencyMs = millisSince(writtenNanos);
    long receivedAtWall = System.currentTimeMillis();
    serverClock.observe(response.getHeader("Date"), sentAtWall, receivedAtWall);
    RateLimitHeaders limits = RateLimitHeaders.parse(response::getHeader, serverClock.serverNowAtLeast(receivedAtWall));
    return ResponseClassifier.launch(response.statusCode(), body.toString(), limits, latencyMs, baseUrl);
  }

  private static Attempt failed(Throwable error, long writtenNanos) {
    return error instanceof TimeoutException
        ? ResponseClassifier.timeout(millisSince(writtenNanos))
        : ResponseClassifier.networkError(error, millisSince(writtenNanos));
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
