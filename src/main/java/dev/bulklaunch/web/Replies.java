package dev.bulklaunch.web;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
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
}
