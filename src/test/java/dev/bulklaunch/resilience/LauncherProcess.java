package dev.bulklaunch.resilience;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command line as a real process, so it can be SIGKILLed or signalled: the test JVM's own classpath, stdin
 * from a file, stdout and stderr to files. The simulator stays in the test JVM and outlives the process.
 */
final class LauncherProcess {

  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private LauncherProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  static LauncherProcess start(Path dir, String name, Path stdin, List<String> args) throws IOException {
    return start(dir, name, stdin, List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"), args);
  }

  static LauncherProcess start(Path dir, String name, Path stdin, List<String> jvmOptions, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(javaBin()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classpath(), "dev.bulklaunch.cli.Main"));
    command.addAll(args);
    Path stdout = dir.resolve(name + ".out");
    Path stderr = dir.resolve(name + ".err");
    Process process = new ProcessBuilder(command)
        .redirectInput(stdin.toFile())
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .start();
    return new LauncherProcess(process, stdout, stderr);
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL, and wait until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid())).inheritIO().start();
    if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + name + " " + pid() + " failed");
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The exit status, or fails the test (after killing the process) when it has not ended within {@code limit}. */
  int awaitExit(Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the launcher did not end within " + limit + "; stderr:\n" + stderr());
    }
    return process.exitValue();
  }

  boolean exitsWithin(Duration limit) throws InterruptedException {
    return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
  }

  int exitValue() {
    return process.exitValue();
  }

  List<String> stdoutLines() throws IOException {
    return NdjsonFile.lines(stdout);
  }

  String stderr() {
    try {
      return Files.readString(stderr, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  // Surefire puts the real classpath in this property and only a manifest jar in java.class.path.
  private static String classpath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }
}
