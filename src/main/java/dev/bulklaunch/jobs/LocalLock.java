package dev.bulklaunch.jobs;

import dev.bulklaunch.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link DirectoryLock} held by this process: an OS lock ({@link FileChannel#tryLock}) on the lock file, which names
 * the holder (host, pid, since when) for whoever is refused. The OS drops it when the process dies, even by SIGKILL.
 */
final class LocalLock implements DirectoryLock {

  // POSIX locks belong to the process, and closing any descriptor of the file drops them: so this process never
  // opens a lock file it already holds, and answers from this set instead.
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private LocalLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  static DirectoryLock acquire(Path lockFile, String subject, String advice) throws IOException {
    Path file = lockFile.toAbsolutePath().normalize();
    if (!HELD.add(file)) {
      throw inUse(subject, advice, describe(holder(Instant.now())) + ", this very process");
    }
    try {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        channel.close();
        throw inUse(subject, advice, describe(file));
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(holder(Instant.now()).encode().getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
      return new LocalLock(file, channel, lock);
    } catch (IOException | RuntimeException e) {
      HELD.remove(file);
      throw e;
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  private static JsonObject holder(Instant since) {
    return new JsonObject().put("host", hostName()).put("pid", ProcessHandle.current().pid())
        .put("since", since.toString()).putNull("cluster");
  }

  private static String describe(Path file) {
    try {
      return describe(new JsonObject(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException | RuntimeException e) {
      return "a process that has not named itself yet";
    }
  }

  private static String describe(JsonObject holder) {
    return "host " + holder.getString("host", "?") + ", pid " + holder.getValue("pid", "?")
        + " (since " + holder.getString("since", "?") + ")";
  }

  private static ConfigException inUse(String subject, String advice, String holder) {
    return new ConfigException(subject + " is in use by " + holder + ": " + advice);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      String env = System.getenv("HOSTNAME");
      return env == null ? "unknown" : env;
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the process is the holder until it ends; nothing better to do than let the OS release it then
    } finally {
      HELD.remove(file);
    }
  }
}
