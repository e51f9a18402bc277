package dev.bulklaunch.bench.startup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Another revision of this repository, built for an A/B beside the working tree: its files exported with
 * {@code git archive} into {@code target/bench/baseline/COMMIT} (no worktree registered, nothing of the repository
 * changed) and its jar built there offline. A commit already built is reused.
 */
public final class BaselineBuild {

  private BaselineBuild() {
  }

  /** The revision issue 19 compares against: {@code main}, or its first parent when this tree is {@code main}. */
  public static String defaultRevision(Path home) throws IOException, InterruptedException {
    String head = git(home, "rev-parse", "HEAD");
    String main = git(home, "rev-parse", "--verify", "-q", "main");
    return head.equals(main) ? "HEAD^" : "main";
  }

  /** The home of {@code revision}'s build (with scripts/launch and target/launcher.jar), building it when needed. */
  public static Built of(Path home, String revision) throws IOException, InterruptedException {
    String commit = git(home, "rev-parse", "--verify", revision + "^{commit}");
    Path dir = home.resolve("target/bench/baseline").resolve(commit.substring(0, 12));
    if (!Files.exists(dir.resolve("target/launcher.jar"))) {
      System.err.printf("building the baseline %s (%s) in %s ...%n", revision, commit.substring(0, 12), home.relativize(dir));
      deleteTree(dir);
      Files.createDirectories(dir);
      run(home, 120, "bash", "-c", "git archive " + commit + " | tar -x -C '" + dir + "'");
      run(dir, 600, "mvn", "-o", "-q", "-B", "-Dstyle.color=never", "package", "-DskipTests");
    }
    return new Built(revision, commit.substring(0, 12), dir);
  }

  /** A built revision: its name as given, its short commit, and the directory its scripts/launch runs from. */
  public record Built(String revision, String commit, Path home) {
  }

  private static String git(Path home, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("git", "-C", home.toString()));
    command.addAll(List.of(args));
    Process git = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (git.waitFor() != 0 || out.isEmpty()) {
      throw new IllegalArgumentException("git " + String.join(" ", args) + " failed: is it a revision of this repository?");
    }
    return out;
  }

  private static void run(Path dir, long timeoutSeconds, String... command) throws IOException, InterruptedException {
    Path log = Files.createTempFile("bench-baseline", ".log");
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    if (process.isAlive() || process.exitValue() != 0) {
      throw new IllegalStateException("building the baseline failed (" + String.join(" ", command) + "): "
          + Files.readString(log));
    }
    Files.deleteIfExists(log);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }
}
