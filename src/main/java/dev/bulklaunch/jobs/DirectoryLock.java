package dev.bulklaunch.jobs;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One owner for a data directory or a journal, held until {@link #close()} or the end of the process: one process, or
 * the members of one cluster together ({@link LocalLock}).
 */
public interface DirectoryLock extends AutoCloseable {

  /**
   * Takes {@code lockFile} for this process, or fails with a {@link dev.bulklaunch.config.ConfigException} (exit 2)
   * naming {@code subject} and the host and pid that hold it, followed by {@code advice}.
   */
  static DirectoryLock local(Path lockFile, String subject, String advice) throws IOException {
    return LocalLock.acquire(lockFile, subject, advice);
  }

  /**
   * Takes {@code lockFile} together with the other members of cluster {@code cluster}: admitted when they hold it,
   * refused (as above) when a process outside that cluster does, clustered under another name or not at all.
   *
   * @param member this member's name, recorded in the lock file beside its host and pid
   */
  static DirectoryLock shared(Path lockFile, String cluster, String member, String subject, String advice)
      throws IOException {
    return LocalLock.acquire(lockFile, cluster, member, subject, advice);
  }

  /** The lock file of a data directory. */
  static Path inDataDir(Path dataDir) {
    return dataDir.resolve("launcher.lock");
  }

  /** The lock file of a journal: beside it, so the journal itself holds only results. */
  static Path besideJournal(Path journal) {
    return journal.resolveSibling(journal.getFileName() + ".lock");
  }

  @Override
  void close();
}
