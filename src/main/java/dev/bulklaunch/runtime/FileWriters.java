package dev.bulklaunch.runtime;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's one writer for blocking file and pipe writes: a small shared pool, so no job or run holds a thread
 * of its own, and an idle process holds none. Each user writes through a {@link #newLane() lane}, which runs its
 * tasks one at a time and in order. Fsyncs, which can take milliseconds on a busy disk, run on a thread of their
 * own, so a write never waits behind another job's fsync: one pass a second forces every file written since its
 * last ({@link #syncedEverySecond}), where each job's own timer and hand-offs woke three threads a second per job.
 */
public final class FileWriters {

  private static final Logger LOG = LoggerFactory.getLogger(FileWriters.class);
  /** Two, so one slow pipe or fsync does not hold up every other job's writes. */
  private static final int THREADS = 2;
  private static final long IDLE_SECONDS = 5;
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static final ThreadPoolExecutor POOL = pool(THREADS, "file-writer-");
  private static final long SYNC_EVERY_MS = 1_000;
  private static final ScheduledThreadPoolExecutor SYNC_THREAD = syncThread();
  private static final Set<Synced> SYNCED = ConcurrentHashMap.newKeySet();
  private static ScheduledFuture<?> syncPass;

  private FileWriters() {
  }

  /** A new serial lane on the shared pool. */
  public static Executor newLane() {
    return new Lane(POOL);
  }

  /**
   * {@code channel}, forced to disk by the pass once a second whenever it was {@link Synced#written written} since;
   * its owner forces it one last time when it closes, after {@link Synced#close}.
   */
  public static synchronized Synced syncedEverySecond(FileChannel channel) {
    Synced synced = new Synced(channel);
    SYNCED.add(synced);
    if (syncPass == null) {
      syncPass = SYNC_THREAD.scheduleWithFixedDelay(FileWriters::syncAll, SYNC_EVERY_MS, SYNC_EVERY_MS,
          TimeUnit.MILLISECONDS);
    }
    return synced;
  }

  private static synchronized void stopSyncing(Synced synced) {
    if (SYNCED.remove(synced) && SYNCED.isEmpty() && syncPass != null) {
      syncPass.cancel(false);
      syncPass = null;
    }
  }

  /** Whether the sync pass runs (some file is in it). */
  static synchronized boolean isSyncing() {
    return syncPass != null;
  }

  private static void syncAll() {
    for (Synced synced : SYNCED) {
      synced.sync();
    }
  }

  /** A file in the sync pass. */
  public static final class Synced implements AutoCloseable {

    private final FileChannel channel;
    private volatile boolean unsynced;

    private Synced(FileChannel channel) {
      this.channel = channel;
    }

    /** Something was written: the next pass forces it. */
    public void written() {
      unsynced = true;
    }

    private void sync() {
      if (!unsynced) {
        return;
      }
      unsynced = false; // a write while this force runs sets it again
      try {
        channel.force(false);
      } catch (ClosedChannelException closed) {
        // closed meanwhile: whoever closed it forced it first
      } catch (IOException e) {
        LOG.warn("cannot fsync a results file: {}", e.toString());
      }
    }

    /** Leaves the pass. */
    @Override
    public void close() {
      stopSyncing(this);
    }
  }

  private static ScheduledThreadPoolExecutor syncThread() {
    ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, task -> {
      Thread sync = new Thread(task, "file-sync-" + NAMES.incrementAndGet());
      sync.setDaemon(true);
      return sync;
    });
    thread.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
    thread.allowCoreThreadTimeOut(true);
    thread.setRemoveOnCancelPolicy(true);
    return thread;
  }

  private static ThreadPoolExecutor pool(int threads, String name) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), task -> {
          Thread thread = new Thread(task, name + NAMES.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Tasks in order, one at a time; at most one entry in the pool's queue, however many tasks wait. */
  private static final class Lane implements Executor {

    private final Executor pool;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean draining;

    Lane(Executor pool) {
      this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
      synchronized (this) {
        tasks.add(task);
        if (draining) {
          return;
        }
        draining = true;
      }
      pool.execute(this::drain);
    }

    private void drain() {
      while (true) {
        Runnable task;
        synchronized (this) {
          task = tasks.poll();
          if (task == null) {
            draining = false;
            return;
          }
        }
        try {
          task.run();
        } catch (RuntimeException e) {
          LOG.warn("a file write task failed: {}", e.toString());
        }
      }
    }
  }
}
