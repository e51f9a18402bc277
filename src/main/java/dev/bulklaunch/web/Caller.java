package dev.bulklaunch.web;

import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Who sent an API request, as the guard found it: a token's name (never its value) and the keys it may use, or
 * {@code local} when the server has no token.
 *
 * @param keys the key names it may use; unused when {@code allKeys}
 */
record Caller(String name, boolean allKeys, Set<String> keys) {

  static final Caller LOCAL = new Caller("local", true, Set.of());
  private static final String CONTEXT_KEY = "bulklaunch.caller";

  boolean mayUse(String keyName) {
    return allKeys || keys.contains(keyName);
  }

  void attachTo(RoutingContext ctx) {
    ctx.put(CONTEXT_KEY, this);
  }

  /** The caller the guard attached; {@link #LOCAL} for a request it did not authenticate (none reaches the API). */
  static Caller of(RoutingContext ctx) {
    Caller caller = ctx.get(CONTEXT_KEY);
    return caller == null ? LOCAL : caller;
  }
}
