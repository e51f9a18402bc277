package dev.bulklaunch.lemlist;

import dev.bulklaunch.ratelimit.RateLimitHeaders;
import dev.bulklaunch.ratelimit.ServerClock;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * lemlist's two read routes, {@code GET {base}/campaigns} and {@code GET {base}/campaigns/{id}/export/leads}. A
 * 2xx answer's body is handed over paused, to be read as a stream (an export can hold hundreds of thousands of
 * leads); any other answer is read whole (lemlist's error bodies are short) and classified. Never fails: a
 * timeout or lost connection comes back as an {@link Attempt} like a launch's.
 */
public final class LemlistReads {

  private final HttpClient http;
  private final String baseUrl;
  private final String authorization;
  private final long timeoutMs;
  private final ServerClock serverClock = new ServerClock();

  public LemlistReads(Vertx vertx, String baseUrl, ApiKey apiKey, Duration timeout) {
    this.http = LemlistHttp.client(vertx, timeout, 2);
    this.baseUrl = LemlistHttp.withoutTrailingSlash(baseUrl);
    this.authorization = apiKey.basicAuthorization();
    this.timeoutMs = timeout.toMillis();
  }

  /** One page of the key's campaigns ({@code version=v2}; lemlist allows at most 100 a page). */
  public Single<ReadAnswer> campaigns(int offset, int limit) {
    return get("/campaigns?version=v2&offset=" + offset + "&limit=" + limit);
  }

  /** Every lead of one campaign, with its status; {@code state=all} always: without it lemlist has answered empty. */
  public Single<ReadAnswer> exportLeads(String campaignId) {
    return get("/campaigns/" + PathSegment.encode(campaignId) + "/export/leads?state=all&format=json");
  }

  public Future<Void> close() {
    return http.close();
  }

  private Single<ReadAnswer> get(String pathAndQuery) {
    return Single.defer(() -> Single.fromCompletionStage(request(pathAndQuery).toCompletionStage()));
  }

  private Future<ReadAnswer> request(String pathAndQuery) {
    long startNanos = System.nanoTime();
    long sentAtWall = System.currentTimeMillis();
    RequestOptions request = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setAbsoluteURI(baseUrl + pathAndQuery)
        .putHeader("Authorization", authorization)
        .putHeader("Accept", "application/json, text/csv;q=0.5")
        .putHeader("User-Agent", LemlistHttp.USER_AGENT)
        // idle, not total: a large export streams for longer than one request's limit, but never stops for that long
        .setIdleTimeout(timeoutMs);
    return http.request(request)
        .compose(sent -> sent.send())
        .compose(response -> answer(response, sentAtWall, millisSince(startNanos)))
        .recover(error -> Future.succeededFuture(new ReadAnswer(error instanceof TimeoutException
            || String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT).contains("timeout")
            ? ResponseClassifier.timeout(millisSince(startNanos))
            : ResponseClassifier.networkError(error, millisSince(startNanos)), null, "")));
  }

  private Future<ReadAnswer> answer(HttpClientResponse response, long sentAtWall, long latencyMs) {
    response.pause();
    long receivedAtWall = System.currentTimeMillis();
    serverClock.observe(response.getHeader("Date"), sentAtWall, receivedAtWall);
    RateLimitHeaders limits = RateLimitHeaders.parse(response::getHeader, serverClock.serverNowAtLeast(receivedAtWall));
    String type = mediaType(response.getHeader("Content-Type"));
    int status = response.statusCode();
    if (ResponseClassifier.isSuccess(status)) {
      return Future.succeededFuture(new ReadAnswer(ResponseClassifier.classify(status, null, limits, latencyMs), response,
          type));
    }
    response.resume();
    return response.body().map(body -> new ReadAnswer(
        ResponseClassifier.classify(status, body.toString(), limits, latencyMs), null, type));
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
