package dev.bulklaunch.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every route: 403 {@code HOST_NOT_ALLOWED} for a {@code Host} the server does not answer to,
 * 403 {@code CROSS_ORIGIN} for a state-changing request from another site's page. It decides on the headers alone,
 * before any handler reads the body, so a refused upload is never spooled or started.
 */
final class RequestGuard implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(RequestGuard.class);
  private static final Set<HttpMethod> READ_ONLY = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
  private static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";

  private final AllowedSites sites;
  private final String boundHost;
  private final IntSupplier port;

  /** @param port the listening port, read per request: the router exists before the server has bound port 0 */
  RequestGuard(AllowedSites sites, String boundHost, IntSupplier port) {
    this.sites = sites;
    this.boundHost = boundHost;
    this.port = port;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    // the dashboard is same-origin: no handler may open the API to other pages' scripts, no other page may frame it
    ctx.addHeadersEndHandler(v -> ctx.response().headers().remove(ALLOW_ORIGIN)
        .set("X-Frame-Options", "DENY").set("Content-Security-Policy", "frame-ancestors 'none'"));
    String host = host(request);
    SocketAddress local = request.localAddress();
    if (!sites.allowsHost(host, boundHost, port.getAsInt(), local == null ? null : local.hostAddress())) {
      refuse(ctx, "HOST_NOT_ALLOWED", "this server does not answer to the host name '" + shorten(host) + "': open "
          + "http://127.0.0.1:" + port.getAsInt() + "/ (or localhost), or, behind a reverse proxy, add the name to "
          + "server.allowedHosts");
      return;
    }
    if (!READ_ONLY.contains(request.method())
        && !sites.allowsChange(request.getHeader("Origin"), request.getHeader("Sec-Fetch-Site"), host)) {
      refuse(ctx, "CROSS_ORIGIN", "changes are taken only from this server's own pages (http://" + shorten(host)
          + "), not from '" + shorten(request.getHeader("Origin")) + "': to allow another site, add its origin to "
          + "server.allowedOrigins");
      return;
    }
    ctx.next();
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

  private static void refuse(RoutingContext ctx, String code, String message) {
    LOG.info("refused {} {}: {}", ctx.request().method(), ctx.request().path(), code);
    Replies.refuseUnread(ctx, 403, code, message);
  }

  private static String shorten(String value) {
    if (value == null) {
      return "";
    }
    return value.length() <= 100 ? value : value.substring(0, 100) + "...";
  }
}
