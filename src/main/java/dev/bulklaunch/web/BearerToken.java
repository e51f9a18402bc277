package dev.bulklaunch.web;

import dev.bulklaunch.config.ConfigException;
import dev.bulklaunch.config.HostPort;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code server.token} for {@code /api/*}: {@code Authorization: Bearer <token>}, or for GETs (EventSource and
 * download links cannot send headers) the query parameter {@code access_token}. No token configured: open.
 */
final class BearerToken implements Handler<RoutingContext> {

  private final byte[] token;

  BearerToken(String token) {
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  /** A server reachable from other machines must not be open to them. */
  static void checkBind(HostPort bind, String token) {
    if (!bind.isLoopback() && (token == null || token.isBlank())) {
      throw new ConfigException("refusing to listen on " + bind.host() + " (not loopback) without server.token: set "
          + "LAUNCHER_SERVER_TOKEN or server.token in the config, or bind 127.0.0.1");
    }
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (token == null || accepts(ctx)) {
      ctx.next();
    } else {
      ctx.fail(401);
    }
  }

  boolean accepts(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && matches(header.substring(7).trim())) {
      return true;
    }
    String query = ctx.request().method() == HttpMethod.GET ? ctx.request().getParam("access_token") : null;
    return query != null && matches(query);
  }

  private boolean matches(String candidate) {
    return MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
  }
}
