package dev.bulklaunch.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulklaunch.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory's lock: one process alone, or the members of one cluster together. Across processes (the OS
 * lock) with a second JVM, and within this one (two members of a cluster in one JVM, as the cluster tests run them).
 */
class DirectoryLockTest {

  @TempDir
  Path dir;
  private final List<Process> holders = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Process holder : holders) {
      holder.getOutputStream().close();
      holder.waitFor(10, TimeUnit.SECONDS);
      holder.destroyForcibly();
    }
  }

  @Test
  void aMemberOfTheSameClusterIsAdmittedAndTheLockFileNamesTheClusterAndBothMembers() throws Exception {
    Path file = dir.resolve("launcher.lock");
    assertThat(holder("shared", file, "alpha")).isEqualTo("held");
    try (DirectoryLock member = DirectoryLock.shared(file, "alpha", "127.0.0.1:5702", "data directory X", "advice")) {
      JsonObject named = new JsonObject(Files.readString(file));
      assertThat(named.getJsonObject("cluster").getString("name")).isEqualTo("alpha");
      assertThat(named.getJsonObject("cluster").getJsonArray("members")).hasSize(2);
      assertThat(named.getJsonObject("cluster").getJsonArray("members").getJsonObject(1).getString("member"))
          .isEqualTo("127.0.0.1:5702");
    }
  }

  @Test
  void aProcessOutsideTheClusterIsRefusedNamingTheDirectoryAndTheCluster() throws Exception {
    Path file = dir.resolve("launcher.lock");
    assertThat(holder("shared", file, "alpha")).isEqualTo("held");

    assertThatThrownBy(() -> DirectoryLock.local(file, "data directory X", "advice")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("data directory X is in use by the members of cluster 'alpha'")
        .hasMessageContaining("pid " + holders.get(0).pid());
    assertThatThrownBy(() -> DirectoryLock.shared(file, "beta", "m", "data directory X", "advice"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cluster 'alpha'");
    assertThat(holder("local", file, null)).startsWith("refused: data directory X is in use by the members of cluster 'alpha'");
  }

  @Test
  void aDirectoryHeldByOneProcessRefusesEveryClusterMemberAndIsFreeOnceReleased() throws Exception {
    Path file = dir.resolve("launcher.lock");
    assertThat(holder("local", file, null)).isEqualTo("held");
    assertThatThrownBy(() -> DirectoryLock.shared(file, "alpha", "m", "data directory X", "advice"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("in use by host ")
        .hasMessageContaining("pid " + holders.get(0).pid());

    holders.get(0).getOutputStream().close();
    holders.get(0).waitFor(10, TimeUnit.SECONDS);
    try (DirectoryLock first = DirectoryLock.shared(file, "alpha", "m1", "data directory X", "advice");
         DirectoryLock second = DirectoryLock.shared(file, "alpha", "m2", "data directory X", "advice")) {
      assertThatThrownBy(() -> DirectoryLock.shared(file, "beta", "m3", "data directory X", "advice"))
          .as("in this JVM too, another cluster is refused").isInstanceOf(ConfigException.class);
      first.close();
      assertThat(holder("local", file, null)).as("one member still holds it").startsWith("refused:");
    }
    assertThat(holder("local", file, null)).as("free once every member let go").isEqualTo("held");
  }

  /** Starts a {@link LockHolder} process and answers its first line. */
  private String holder(String mode, Path file, String cluster) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), mode, file.toString()));
    if (cluster != null) {
      command.add(cluster);
    }
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    holders.add(process);
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    return line == null ? "" : line;
  }
}
