package dev.bulklaunch.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/keys}: each key's name and budget state, never its value; only the keys the caller may use. */
final class KeyRoutes {

  private final KeyStates keys;

  KeyRoutes(KeyStates keys) {
    this.keys = keys;
  }

  void list(RoutingContext ctx) {
    JsonArray all = new JsonArray();
    Caller caller = Caller.of(ctx);
    keys.names().stream().filter(caller::mayUse).forEach(name -> all.add(keys.describe(name)));
    Replies.json(ctx, 200, new JsonObject().put("keys", all));
  }
}
