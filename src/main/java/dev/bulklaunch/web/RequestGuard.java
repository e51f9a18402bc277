package dev.bulklaunch.web;

import dev.bulklaunch.keys.Keyring;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request policy, the first handler of every route: it decides on the headers alone, before any handler reads
 * the body, so a refused upload is never spooled or started.
 * <ul>
 *   <li>403 {@code HOST_NOT_ALLOWED} for a {@code Host} the server does not answer to (DNS rebinding);</li>
 *   <li>403 {@code CROSS_ORIGIN} for a state-changing request from another site's page, and for any API read a
 *   browser marks cross-site or same-site (an {@code <img>} must not spend a key's budget);</li>
 *   <li>401 without a token the server knows, on {@code /api/*} and {@code /metrics}, when it has tokens; the
 *   token's {@link Caller} is attached for the routes, and a token outside its keys gets 403 {@code KEY_NOT_ALLOWED}
 *   (for {@code /metrics}, every key's view, too).</li>
 * </ul>
 * {@link #secureHeaders} puts the headers that forbid framing and sniffing on every answer, refusals included.
 */
final class RequestGuard implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(RequestGuard.class);
  private static final Set<HttpMethod> READ_ONLY = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
  private static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
  private static final String API_CSP = "frame-ancestors 'none'";
  private static final String PAGE_CSP = "default-src 'self'; frame-ancestors 'none'";

  private final AllowedSites sites;
  private final String boundHost;
  private final IntSupplier port;
  private final AccessTokens tokens;
  private final Predicate<String> keyExists;

  /**
   * @param port      the listening port, read per request: the router exists before the server has bound port 0
   * @param keyExists whether the keyring holds a name (a scoped token is told no other name)
   */
  RequestGuard(AllowedSites sites, String boundHost, IntSupplier port, AccessTokens tokens, Predicate<String> keyExists) {
    this.sites = sites;
    this.boundHost = boundHost;
    this.port = port;
    this.tokens = tokens;
    this.keyExists = keyExists;
  }

  /** Before the router, so that even the answers it gives on its own (a path it cannot decode) carry them. */
  static void secureHeaders(HttpServerRequest request) {
    MultiMap headers = request.response().headers();
    headers.set("Content-Security-Policy", isApi(request.path()) ? API_CSP : PAGE_CSP);
    headers.set("X-Frame-Options", "DENY");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "no-referrer");
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    // the dashboard is same-origin: no handler may open the API to other pages' scripts (framing: secureHeaders)
    ctx.addHeadersEndHandler(v -> ctx.response().headers().remove(ALLOW_ORIGIN));
    String host = host(request);
    SocketAddress local = request.localAddress();
    if (!sites.allowsHost(host, boundHost, port.getAsInt(), local == null ? null : local.hostAddress())) {
      refuse(ctx, 403, "HOST_NOT_ALLOWED", "this server does not answer to the host name '" + shorten(host)
          + "': open http://127.0.0.1:" + port.getAsInt() + "/ (or localhost), or, behind a reverse proxy, add the name "
          + "to server.allowedHosts");
      return;
    }
    if (!decodable(ctx)) {
      // the query is not repeated anywhere: it may hold the access token
      refuse(ctx, 400, "BAD_URL", "the request's URL has a malformed %-escape in its path or query");
      return;
    }
    String origin = request.getHeader("Origin");
    String fetchSite = request.getHeader("Sec-Fetch-Site");
    boolean api = isApi(ctx.normalizedPath());
    if (!READ_ONLY.contains(request.method()) && !sites.allowsChange(origin, fetchSite, host)
        || api && !sites.allowsApiRead(origin, fetchSite)) {
      refuse(ctx, 403, "CROSS_ORIGIN", "the API answers only this server's own pages (http://" + shorten(host)
          + ") and clients that are not browsers, not '" + shorten(origin) + "': to allow another site, add its origin"
          + " to server.allowedOrigins");
      return;
    }
    if (api && !authorized(ctx)) {
      return;
    }
    ctx.next();
  }

  private boolean authorized(RoutingContext ctx) {
    Caller caller = tokens.authenticate(ctx.request());
    if (caller == null) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      refuse(ctx, 401, "UNAUTHORIZED", "this server needs a token: send 'Authorization: Bearer <token>' (or "
          + "?access_token= on GET)");
      return false;
    }
    caller.attachTo(ctx);
    if (caller.allKeys()) {
      return true;
    }
    if (!ctx.normalizedPath().startsWith("/api")) {
      refuse(ctx, 403, "KEY_NOT_ALLOWED", "/metrics shows every key: it needs a token for all keys (\"keys\": \"*\")");
      return false;
    }
    if (ctx.normalizedPath().equals("/api/cluster")) {
      refuse(ctx, 403, "KEY_NOT_ALLOWED", "/api/cluster shows every key's owner: it needs a token for all keys "
          + "(\"keys\": \"*\")");
      return false;
    }
    String key = keyNamed(ctx);
    if (key != null && !caller.mayUse(key)) {
      refuse(ctx, 403, "KEY_NOT_ALLOWED", "this token may not use the key named in the request: use one of the keys "
          + "GET /api/keys lists");
      return false;
    }
    if (key != null && !keyExists.test(key)) {
      refuse(ctx, 400, "UNKNOWN_KEY", "key '" + key + "' is not in the server's keyring; GET /api/keys lists the "
          + "keys this token may use");
      return false;
    }
    return true;
  }

  /** The key a request names: {@code ?key=}, or {@value Keyring#DEFAULT} on the routes that take one. */
  private static String keyNamed(RoutingContext ctx) {
    String key = ctx.request().getParam("key");
    if (key != null) {
      return key;
    }
    String path = ctx.normalizedPath();
    boolean takesKey = ctx.request().method() == HttpMethod.POST && path.equals("/api/jobs")
        || path.startsWith("/api/campaigns");
    return takesKey ? Keyring.DEFAULT : null;
  }

  private static boolean isApi(String path) {
    return path.equals("/api") || path.startsWith("/api/") || path.equals("/metrics") || path.startsWith("/metrics/");
  }

  private static boolean decodable(RoutingContext ctx) {
    try {
      ctx.normalizedPath();
      ctx.request().params();
      ctx.queryParams();
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** HTTP/1 names the host in exactly one {@code Host} header; HTTP/2 in {@code :authority}. */
  private static String host(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2) {
      HostAndPort authority = request.authority();
      return authority == null ? null : authority.toString();
    }
    List<String> hosts = request.headers().getAll("Host");
    return hosts.size() == 1 ? hosts.get(0) : null;
  }

  private static void refuse(RoutingContext ctx, int status, String code, String message) {
    LOG.info("refused {} {}: {}", ctx.request().method(), ctx.request().path(), code);
    Replies.refuseUnread(ctx, status, code, message);
  }

  private static String shorten(String value) {
    if (value == null) {
      return "";
    }
    return value.length() <= 100 ? value : value.substring(0, 100) + "...";
  }
}
