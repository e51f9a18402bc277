package dev.bulklaunch.jobs;

import java.nio.file.Path;

/**
 * Another process for {@link DirectoryLockTest}: takes a lock file ({@code local FILE} or {@code shared FILE CLUSTER}),
 * says {@code held} or {@code refused: why} on stdout, and holds it until its stdin closes.
 */
public final class LockHolder {

  private LockHolder() {
  }

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[1]);
    try (DirectoryLock lock = args[0].equals("local") ? DirectoryLock.local(file, "data directory X", "advice")
        : DirectoryLock.shared(file, args[2], "member-" + ProcessHandle.current().pid(), "data directory X", "advice")) {
      System.out.println("held");
      System.out.flush();
      while (System.in.read() >= 0) {
        // holds until the test closes our stdin
      }
    } catch (dev.bulklaunch.config.ConfigException e) {
      System.out.println("refused: " + e.getMessage());
    }
  }
}
