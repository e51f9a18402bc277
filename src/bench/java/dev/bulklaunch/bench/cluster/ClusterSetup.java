package dev.bulklaunch.bench.cluster;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A launcher cluster of its own for one bench run: a random {@code cluster.name} (two runs on one machine never
 * join), free member ports on the loopback, and each member's configuration file.
 */
public final class ClusterSetup {

  /** Hazelcast's failure detection in the members' configuration: how long a frozen member stays a member. */
  public static final int HEARTBEAT_TIMEOUT_S = 5;

  private final String name = "bench-" + UUID.randomUUID().toString().substring(0, 8);
  private final Path logDir;
  private final List<Integer> memberPorts;

  /** {@code servers} members with ports known in advance, listed to every member (a run takes a free port). */
  public ClusterSetup(Path logDir, int servers) throws IOException {
    this.logDir = logDir;
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < servers; i++) {
      ports.add(freePort());
    }
    this.memberPorts = List.copyOf(ports);
  }

  public String name() {
    return name;
  }

  /** {@code scripts/launch serve} arguments of server {@code index}, on {@code httpPort}, its jobs in {@code dataDir}. */
  public List<String> serveArgs(int index, int httpPort, Path dataDir, String baseUrl, List<String> more) throws IOException {
    List<String> args = new ArrayList<>(List.of("serve", "--config", config("server" + index, dataDir).toString(),
        "--port", String.valueOf(httpPort), "--base-url", baseUrl, "--cluster",
        "--cluster-port", String.valueOf(memberPorts.get(index)), "--cluster-members", members()));
    args.addAll(more);
    return args;
  }

  /** A {@code --cluster} command-line run's arguments (a free member port of its own). */
  public List<String> runArgs(String runName, String baseUrl, List<String> more) throws IOException {
    List<String> args = new ArrayList<>(List.of("--config", config(runName, null).toString(), "--base-url", baseUrl,
        "--cluster", "--cluster-members", members(), "--progress", "never"));
    args.addAll(more);
    return args;
  }

  private String members() {
    return memberPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
  }

  private Path config(String member, Path dataDir) throws IOException {
    JsonObject config = new JsonObject().put("cluster", new JsonObject().put("name", name)
        .put("heartbeatTimeout", HEARTBEAT_TIMEOUT_S + "s"));
    if (dataDir != null) {
      Files.createDirectories(dataDir);
      config.put("server", new JsonObject().put("dataDir", dataDir.toString()).put("maxRunningJobs", 8));
    }
    return Files.writeString(logDir.resolve(member + ".config.json"), config.encodePrettily());
  }

  public static int freePort() throws IOException {
    return dev.bulklaunch.bench.FreePorts.one();
  }
}
