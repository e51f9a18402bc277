package dev.bulklaunch.web;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JSON answers, errors included: {@code {"error": CODE, "message": what to do about it}}. */
final class Replies {

  private Replies() {
  }

  static Future<Void> json(RoutingContext ctx, int status, JsonObject body) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return Future.succeededFuture();
    }
    return response.setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }

  static Future<Void> error(RoutingContext ctx, int status, String code, String message) {
    return json(ctx, status, new JsonObject().put("error", code).put("message", message));
  }

  /**
   * An error for a request whose body may still be arriving and is not wanted: answered from the headers, then the
   * connection is closed rather than the rest read (HTTP/1). HTTP/2 has no Connection header (Netty refuses it as
   * connection-specific and the answer never leaves), and its stream ends on its own without costing the others.
   */
  static Future<Void> refuseUnread(RoutingContext ctx, int status, String code, String message) {
    HttpServerRequest request = ctx.request();
    if (request.version() == HttpVersion.HTTP_2) {
      return error(ctx, status, code, message);
    }
    ctx.response().putHeader("Connection", "close");
    return error(ctx, status, code, message).onComplete(written -> request.connection().close());
  }
}
