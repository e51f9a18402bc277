package dev.bulklaunch.runtime;

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
 * tasks one at a time and in order.
 */
public final class FileWriters {

  private static final Logger LOG = LoggerFactory.getLogger(FileWriters.class);
  /** Two, so one slow pipe or fsync does not hold up every other job's writes. */
  private static final int THREADS = 2;
  private static final long IDLE_SECONDS = 5;
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static final ThreadPoolExecutor POOL = pool();

  private FileWriters() {
  }

  /** A new serial lane on the shared pool. */
  public static Executor newLane() {
    return new Lane();
  }

  private static ThreadPoolExecutor pool() {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, IDLE_SECONDS, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), task -> {
          Thread thread = new Thread(task, "file-writer-" + NAMES.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Tasks in order, one at a time; at most one entry in the pool's queue, however many tasks wait. */
  private static final class Lane implements Executor {

    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean draining;

    @Override
    public void execute(Runnable task) {
      synchronized (this) {
        tasks.add(task);
        if (draining) {
          return;
        }
        draining = true;
      }
      POOL.execute(this::drain);
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
