package dev.bulklaunch.lemlist;

import dev.bulklaunch.ratelimit.RateLimitHeaders;
import dev.bulklaunch.ratelimit.ServerClock;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.rxjava3.core.Vertx;
import io.vertx.rxjava3.ext.web.client.HttpResponse;
import io.vertx.rxjava3.ext.web.client.WebClient;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST {base}/leads/review/{leadId}}, one lead per call. Never fails: every answer, timeout and lost
 * connection comes back as an {@link Attempt}.
 */
public final class LemlistClient implements LeadSender {

  private final WebClient web;
  private final String reviewUrl;
  private final String authorization;
  private final long timeoutMs;
  private final ServerClock serverClock = new ServerClock();

  public LemlistClient(Vertx vertx, String baseUrl, ApiKey apiKey, Duration timeout, int connections) {
    WebClientOptions options = new WebClientOptions()
        .setUserAgent("lemlist-bulk-launcher")
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
        .setFollowRedirects(false);
    this.web = WebClient.create(vertx, options, new PoolOptions().setHttp1MaxSize(connections));
    this.reviewUrl = stripTrailingSlash(baseUrl) + "/leads/review/";
    this.authorization = apiKey.basicAuthorization(); // encoded once rather than per request
    this.timeoutMs = timeout.toMillis();
  }

  @Override
  public Single<Attempt> launch(String leadId) {
    return Single.defer(() -> {
      long startNanos = System.nanoTime();
      long sentAtWall = System.currentTimeMillis();
      return web.postAbs(reviewUrl + PathSegment.encode(leadId))
          .putHeader("Authorization", authorization)
          .timeout(timeoutMs)
          .rxSend()
          .map(response -> classify(response, sentAtWall, millisSince(startNanos)))
          .onErrorReturn(error -> error instanceof TimeoutException
              ? ResponseClassifier.timeout(millisSince(startNanos))
              : ResponseClassifier.networkError(error, millisSince(startNanos)));
    });
  }

  public void close() {
    web.close();
  }

  private Attempt classify(HttpResponse<Buffer> response, long sentAtWall, long latencyMs) {
    long receivedAtWall = System.currentTimeMillis();
    serverClock.observe(response.getHeader("Date"), sentAtWall, receivedAtWall);
    RateLimitHeaders limits = RateLimitHeaders.parse(response::getHeader, serverClock.serverNowAtLeast(receivedAtWall));
    int status = response.statusCode();
    String body = ResponseClassifier.isSuccess(status) ? null : response.bodyAsString();
    return ResponseClassifier.classify(status, body, limits, latencyMs);
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
