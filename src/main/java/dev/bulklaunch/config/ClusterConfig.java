package dev.bulklaunch.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code cluster.*} settings: whether this process joins a launcher cluster, and where it and the other members
 * listen. Nothing of the cluster starts unless {@code enabled}.
 *
 * @param port          this member's Hazelcast port; 0 takes a free one (a command-line run, unless told one)
 * @param members       where members listen ({@code host:port}), for Hazelcast's TCP-IP join; never multicast
 * @param eventBusPort  the clustered event bus's port, 0 for a free one
 * @param heartbeatTimeout how long a silent member stays a member; its locks (key and job ownership) are released then
 */
public record ClusterConfig(boolean enabled, String name, String host, int port, List<HostPort> members,
                            int eventBusPort, Duration heartbeatTimeout) {

  public static final int DEFAULT_PORT = 5701;
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_.-]{1,64}$");

  public ClusterConfig {
    members = List.copyOf(members);
  }

  public static ClusterConfig disabled() {
    return new ClusterConfig(false, "bulklaunch", "127.0.0.1", DEFAULT_PORT, List.of(), 0, Duration.ofSeconds(5));
  }

  /** @param defaultPort {@link #DEFAULT_PORT} for {@code serve}, 0 (a free port) for a command-line run */
  public static ClusterConfig from(JsonObject json, int defaultPort) {
    String name = LauncherConfig.text(json, "name", "bulklaunch");
    if (!NAME.matcher(name).matches()) {
      throw new ConfigException("cluster.name must match " + NAME.pattern());
    }
    String host = LauncherConfig.text(json, "host", "127.0.0.1");
    Duration heartbeat = LauncherConfig.parse("cluster.heartbeatTimeout",
        LauncherConfig.text(json, "heartbeatTimeout", "5s"), Durations::parse);
    if (heartbeat.toSeconds() < 2 || heartbeat.toSeconds() > 300) {
      throw new ConfigException("cluster.heartbeatTimeout must be between 2s and 300s");
    }
    return new ClusterConfig(
        LauncherConfig.bool(json, "enabled"),
        name,
        host,
        LauncherConfig.integer(json, "port", "--cluster-port", defaultPort, 0, 65535),
        members(json.getValue("members"), host),
        LauncherConfig.integer(json, "eventBusPort", "cluster.eventBusPort", 0, 0, 65535),
        heartbeat);
  }

  /** A JSON array, or one string of comma-separated entries (the environment's and the command line's form). */
  private static List<HostPort> members(Object value, String defaultHost) {
    List<String> entries = new ArrayList<>();
    if (value instanceof JsonArray array) {
      array.forEach(item -> entries.add(String.valueOf(item)));
    } else if (value != null) {
      entries.addAll(Arrays.asList(String.valueOf(value).split(",")));
    }
    return entries.stream().map(String::trim).filter(entry -> !entry.isEmpty())
        .map(entry -> LauncherConfig.parse("--cluster-members", entry, text -> HostPort.parse(text, defaultHost)))
        .toList();
  }
}
