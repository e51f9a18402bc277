package dev.bulklaunch.web;

import dev.bulklaunch.cluster.ClusterView;
import dev.bulklaunch.jobs.Jobs;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/cluster}: the members, who owns each key and who runs each job ({@link RequestGuard}: a {@code "*"} token). */
final class ClusterRoute {

  private final ClusterView cluster;
  private final Jobs jobs;

  /** @param cluster null outside a cluster */
  ClusterRoute(ClusterView cluster, Jobs jobs) {
    this.cluster = cluster;
    this.jobs = jobs;
  }

  void describe(RoutingContext ctx) {
    if (cluster == null) {
      Replies.error(ctx, 404, "NOT_CLUSTERED", "this server is not a cluster member (start it with --cluster)");
      return;
    }
    cluster.describe(jobs.factories().keyring().names(), jobs.list())
        .onSuccess(view -> Replies.json(ctx, 200, view))
        .onFailure(error -> Replies.error(ctx, 503, "CLUSTER_UNAVAILABLE", "the cluster's state cannot be read now"));
  }
}
