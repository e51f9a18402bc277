package dev.bulklaunch.runtime;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's one writer for blocking file and pipe writes: a small shared pool, so no job or run holds a thread
 * of its own, and an idle process holds none. Each user writes through a {@link #newLane() lane}, which runs its
 * tasks one at a time and in order. Fsyncs, which can take milliseconds on a busy disk, run on a thread of their
 * own ({@link #syncLater}), so a send-log note never waits behind another job's fsync.
 */
public final class FileWriters {

  private static final Logger LOG = LoggerFactory.getLogger(FileWriters.class);
  /** Two, so one slow pipe or fsync does not hold up every other job's writes. */
  private static final int THREADS = 2;
  private static final long IDLE_SECONDS = 5;
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static final ThreadPoolExecutor POOL = pool(THREADS, "file-writer-");
  private static final Executor SYNCS = new Lane(pool(1, "file-sync-"));

  private FileWriters() {
  }

  /** A new serial lane on the shared pool. */
  public static Executor newLane() {
    return new Lane(POOL);
  }

  /** Forces {@code channel} to disk soon, off the writers; a channel closed meanwhile was forced by its closer. */
  public static void syncLater(FileChannel channel) {
    SYNCS.execute(() -> {
      try {
        channel.force(false);
      } catch (ClosedChannelException closed) {
        // closed meanwhile: whoever closed it forced it first
      } catch (IOException e) {
        LOG.warn("cannot fsync a results file: {}", e.toString());
      }
    });
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
