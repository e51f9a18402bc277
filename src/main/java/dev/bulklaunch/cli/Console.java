package dev.bulklaunch.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** stderr for people: messages and progress, written on a thread of its own so a stalled terminal stalls nobody. */
public final class Console {

  private final PrintStream err;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "console");
    t.setDaemon(true);
    return t;
  });

  public Console(PrintStream err) {
    this.err = err;
  }

  public void print(String text) {
    thread.execute(() -> {
      err.print(text);
      err.flush();
    });
  }

  public void line(String text) {
    print(text + System.lineSeparator());
  }

  /** Writes everything queued, then stops the console thread. */
  public void drain() {
    thread.shutdown();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static boolean stderrIsTerminal() {
    return isTerminal(2);
  }

  /** Where stdout goes when it is a regular file, for the re-run hint; null otherwise. */
  public static Path stdoutFile() {
    try {
      Path target = Files.readSymbolicLink(Path.of("/proc/self/fd/1"));
      return Files.isRegularFile(target) ? target : null;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }

  private static boolean isTerminal(int fd) {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }
}
