package dev.bulklaunch.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Option;

/** The options that make a run or a server a member of a launcher cluster (SPEC "Cluster"). */
class ClusterOptions {

  @Option(names = "--cluster", description = "join the launcher cluster: one budget per key across its members (config cluster.enabled)")
  Boolean cluster;

  @Option(names = "--cluster-members", paramLabel = "HOST:PORT,...", description = "where members listen, for the TCP-IP join (env LAUNCHER_CLUSTER_MEMBERS)")
  String members;

  @Option(names = "--cluster-port", paramLabel = "N", description = "this member's port (env LAUNCHER_CLUSTER_PORT; default 5701 for serve, a free one for a run)")
  Integer port;

  @Option(names = "--cluster-host", paramLabel = "HOST", description = "this member's address (default 127.0.0.1)")
  String host;

  /** Adds what was given to {@code cli}'s {@code cluster} object. */
  void addTo(JsonObject cli) {
    JsonObject json = new JsonObject();
    CommonOptions.putIfSet(json, "enabled", cluster);
    CommonOptions.putIfSet(json, "members", members);
    CommonOptions.putIfSet(json, "port", port);
    CommonOptions.putIfSet(json, "host", host);
    if (!json.isEmpty()) {
      cli.put("cluster", json);
    }
  }
}
