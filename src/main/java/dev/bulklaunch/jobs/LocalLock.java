package dev.bulklaunch.jobs;

import dev.bulklaunch.config.ConfigException;
import io.vertx.core.json.JsonArray;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link DirectoryLock} on an OS lock ({@link FileChannel#tryLock}) of the lock file, which names the holder for
 * whoever is refused. The OS drops it when the process dies, even by SIGKILL.
 *
 * <p>One process holds it exclusively ({@code "cluster": null}); the members of one cluster hold it shared, the file
 * naming the cluster and its members as they join. A process that is not a member of the named cluster cannot take it:
 * an exclusive lock fails beside any shared one, and a member of another cluster reads the name and lets go.
 */
final class LocalLock implements DirectoryLock {

  // POSIX locks belong to the process, and closing any descriptor of the file drops them: so this process opens a
  // lock file once, and answers later requests (a second server, a second cluster member in one JVM) from this map.
  private static final Map<Path, Holding> HELD = new ConcurrentHashMap<>();

  private final Path file;
  private boolean closed;

  private LocalLock(Path file) {
    this.file = file;
  }

  private static final class Holding {
    final String cluster;
    final FileChannel channel;
    FileLock lock;
    int holders = 1;

    Holding(String cluster, FileChannel channel, FileLock lock) {
      this.cluster = cluster;
      this.channel = channel;
      this.lock = lock;
    }
  }

  static DirectoryLock acquire(Path lockFile, String subject, String advice) throws IOException {
    return acquire(lockFile, null, null, subject, advice);
  }

  /**
   * @param cluster null: this process alone; else the cluster's name, whose members hold the lock together
   * @param member  the member's name in the lock file (cluster only)
   */
  static synchronized DirectoryLock acquire(Path lockFile, String cluster, String member, String subject, String advice)
      throws IOException {
    Path file = lockFile.toAbsolutePath().normalize();
    Holding held = HELD.get(file);
    if (held != null) {
      if (cluster == null || !cluster.equals(held.cluster)) {
        // read through the held channel: opening the file again and closing it would drop this process's lock
        JsonObject holder = read(held.channel);
        throw inUse(subject, advice, (holder == null ? "a process that has not named itself yet" : describe(holder))
            + ", this very process");
      }
      held.holders++;
      join(held.channel, member);
      return new LocalLock(file);
    }
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    try {
      FileLock lock = cluster == null ? exclusive(channel) : shared(channel, cluster, member);
      if (lock == null) {
        channel.close();
        throw inUse(subject, advice, describe(file));
      }
      HELD.put(file, new Holding(cluster, channel, lock));
      return new LocalLock(file);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static FileLock exclusive(FileChannel channel) throws IOException {
    FileLock lock = tryLock(channel, false);
    if (lock != null) {
      write(channel, holder(Instant.now()).putNull("cluster"));
    }
    return lock;
  }

  /** A shared lock once the file names {@code cluster}; null when another process or cluster holds it. */
  private static FileLock shared(FileChannel channel, String cluster, String member) throws IOException {
    FileLock alone = tryLock(channel, false);
    if (alone != null) {
      // nobody holds it: this member founds the cluster's hold (a stale file from a dead holder is replaced)
      write(channel, holder(Instant.now()).put("cluster", new JsonObject().put("name", cluster)
          .put("members", new JsonArray().add(holder(Instant.now()).put("member", member)))));
      alone.release();
    }
    FileLock lock = tryLock(channel, true);
    if (lock == null) {
      return null; // held exclusively: a process outside any cluster
    }
    JsonObject named = read(channel);
    JsonObject holding = named == null ? null : named.getJsonObject("cluster");
    if (holding == null || !cluster.equals(holding.getString("name"))) {
      lock.release();
      return null;
    }
    if (alone == null) {
      join(channel, member);
    }
    return lock;
  }

  private static void join(FileChannel channel, String member) throws IOException {
    JsonObject named = read(channel);
    if (named != null && named.getJsonObject("cluster") != null) {
      JsonObject cluster = named.getJsonObject("cluster");
      JsonArray members = cluster.getJsonArray("members", new JsonArray());
      cluster.put("members", members.add(holder(Instant.now()).put("member", member)));
      write(channel, named);
    }
  }

  private static FileLock tryLock(FileChannel channel, boolean shared) throws IOException {
    try {
      return channel.tryLock(0, Long.MAX_VALUE, shared);
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  private static JsonObject read(FileChannel channel) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(channel.size(), 1 << 20));
    channel.read(bytes, 0);
    try {
      return new JsonObject(new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static void write(FileChannel channel, JsonObject holder) throws IOException {
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(holder.encode().getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(true);
  }

  private static JsonObject holder(Instant since) {
    return new JsonObject().put("host", hostName()).put("pid", ProcessHandle.current().pid())
        .put("since", since.toString());
  }

  private static String describe(Path file) {
    try {
      return describe(new JsonObject(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException | RuntimeException e) {
      return "a process that has not named itself yet";
    }
  }

  private static String describe(JsonObject holder) {
    JsonObject cluster = holder.getJsonObject("cluster");
    if (cluster == null) {
      return describeOne(holder);
    }
    StringBuilder members = new StringBuilder();
    for (Object member : cluster.getJsonArray("members", new JsonArray())) {
      members.append(members.length() == 0 ? "" : "; ").append(describeOne((JsonObject) member));
    }
    return "the members of cluster '" + cluster.getString("name", "?") + "' (" + members + ")";
  }

  private static String describeOne(JsonObject holder) {
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
    synchronized (LocalLock.class) {
      if (closed) {
        return;
      }
      closed = true;
      Holding held = HELD.get(file);
      if (held == null || --held.holders > 0) {
        return;
      }
      HELD.remove(file);
      try {
        held.lock.release();
        held.channel.close();
      } catch (IOException e) {
        // the process is the holder until it ends; nothing better to do than let the OS release it then
      }
    }
  }
}
