package dev.bulklaunch.bench.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One cluster member as users start it, {@code scripts/launch serve --cluster ...} or a {@code --cluster} command-line
 * run, with its stderr in a file (where it says when it joined) and, for a run, its stdout too. Signals go to the
 * JVM itself: scripts/launch execs java, so the process started is the launcher.
 */
public final class MemberProcess {

  private static final Pattern JOINED = Pattern.compile("cluster: joined '[^']*' in (\\d+) ms");

  private final String name;
  private final Process process;
  private final Path stderr;
  private final Path stdout;
  private final long startNanos;

  private MemberProcess(String name, Process process, Path stderr, Path stdout, long startNanos) {
    this.name = name;
    this.process = process;
    this.stderr = stderr;
    this.stdout = stdout;
    this.startNanos = startNanos;
  }

  /**
   * Starts {@code scripts/launch} of {@code home} with {@code args}; the key in the environment only, stdin from
   * {@code stdin} (a run's leads; an empty file for a server).
   */
  public static MemberProcess start(Path home, Path logDir, String name, List<String> args, String apiKey, Path stdin)
      throws IOException {
    return start(List.of(), home, logDir, name, args, apiKey, stdin);
  }

  /** Like {@link #start(Path, Path, String, List, String, Path)}, run by {@code prefix} (e.g. {@code chrt -f 10}). */
  public static MemberProcess start(List<String> prefix, Path home, Path logDir, String name, List<String> args,
                                    String apiKey, Path stdin) throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of("bash", home.resolve("scripts/launch").toString()));
    command.addAll(args);
    Path stderr = logDir.resolve(name + ".stderr.log");
    Path stdout = logDir.resolve(name + ".stdout.log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
        .redirectInput(stdin.toFile()).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    builder.environment().keySet().removeIf(variable -> variable.startsWith("LEMLIST_") || variable.startsWith("LAUNCH"));
    builder.environment().put("LEMLIST_API_KEY", apiKey);
    builder.environment().put("JAVA_OPTS", "-Xmx256m");
    long startNanos = System.nanoTime();
    return new MemberProcess(name, builder.start(), stderr, stdout, startNanos);
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public long startNanos() {
    return startNanos;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * When the member said it joined (on this JVM's nanoTime scale, as seen by polling its stderr every 5 ms), and
   * how long joining took by its own count; fails when it exits or {@code timeoutMs} passes first.
   */
  public Joined awaitJoined(long timeoutMs) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (System.nanoTime() < deadline) {
      Optional<Long> joinMs = joinedMs();
      if (joinMs.isPresent()) {
        return new Joined(System.nanoTime(), joinMs.get());
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited " + process.exitValue() + " before joining: " + tail());
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException(name + " did not join within " + timeoutMs + " ms: " + tail());
  }

  /** Exec to joined as seen here, and the member's own join time (the cluster part of it). */
  public record Joined(long atNanos, long joinMs) {
  }

  private Optional<Long> joinedMs() throws IOException {
    Matcher m = JOINED.matcher(stderrText());
    return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
  }

  public String stderrText() throws IOException {
    return Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "";
  }

  public List<String> stdoutLines() throws IOException {
    return Files.readAllLines(stdout, StandardCharsets.UTF_8).stream().filter(line -> !line.isBlank()).toList();
  }

  /** {@code kill -SIGNAL} on the launcher's JVM. */
  public void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
    if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
    }
  }

  /** SIGTERM, then SIGKILL if it has not ended within {@code graceMs}; the exit status. */
  public int stop(long graceMs) throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(graceMs, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
    return process.waitFor();
  }

  public boolean awaitExit(long timeoutMs) throws InterruptedException {
    return process.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
  }

  public int exitValue() {
    return process.exitValue();
  }

  private String tail() throws IOException {
    String text = stderrText().strip();
    return text.length() > 2_000 ? "..." + text.substring(text.length() - 2_000) : text;
  }
}
