package dev.bulklaunch.cluster;

import dev.bulklaunch.jobs.ServerJob;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code GET /api/cluster}: the members, the member owning each key (by the key's name, never its value) and the
 * member running each unfinished job.
 */
public final class ClusterView {

  static final String KEY_OWNERS = "bulklaunch.key-owners";

  private final Vertx vertx;
  private final Membership membership;

  public ClusterView(Vertx vertx, Membership membership) {
    this.vertx = vertx;
    this.membership = membership;
  }

  public Future<JsonObject> describe(Collection<String> keyNames, Collection<ServerJob> jobs) {
    JsonArray members = membership.describe();
    Set<String> live = new HashSet<>();
    members.forEach(member -> live.add(((JsonObject) member).getString("name")));
    JsonArray running = new JsonArray();
    for (ServerJob job : jobs) {
      if (!job.isFinished()) {
        running.add(new JsonObject().put("id", job.id()).put("key", job.keyName())
            .put("state", job.state().name().toLowerCase(java.util.Locale.ROOT)).put("member", job.runner()));
      }
    }
    return vertx.sharedData().<String, String>getAsyncMap(KEY_OWNERS).compose(map -> map.entries()).map(owners -> {
      JsonArray keys = new JsonArray();
      for (String name : keyNames) {
        String owner = owners.get(name);
        keys.add(new JsonObject().put("name", name).put("owner", owner != null && live.contains(owner) ? owner : null));
      }
      return new JsonObject().put("self", membership.name()).put("members", members).put("keys", keys)
          .put("jobs", running);
    });
  }

  /** Records that {@code member} owns the key named {@code keyName} now (the key's name only). */
  static Future<Void> owns(Vertx vertx, String keyName, String member) {
    return vertx.sharedData().<String, String>getAsyncMap(KEY_OWNERS).compose(map -> map.put(keyName, member));
  }

}
