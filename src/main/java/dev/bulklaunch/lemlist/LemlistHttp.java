package dev.bulklaunch.lemlist;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.time.Duration;

/** What launches and campaign reads share of talking to lemlist: the HTTP client's settings and how we name ourselves. */
final class LemlistHttp {

  static final String USER_AGENT = "lemlist-bulk-launcher";

  private LemlistHttp() {
  }

  /** Kept-alive connections, at most {@code connections} of them, each given {@code timeout} to connect. */
  static HttpClient client(Vertx vertx, Duration timeout, int connections) {
    return vertx.createHttpClient(new HttpClientOptions()
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis())), new PoolOptions().setHttp1MaxSize(connections));
  }

  static String withoutTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
