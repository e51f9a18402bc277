package dev.bulklaunch.runtime;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's one writer for blocking file and pipe writes: a small shared pool, so no job or run holds a thread
 * of its own, and an idle process holds none. Each user writes through a lane, which runs its tasks one at a time
 * and in order. A {@link #newGatheringLane() gathering lane} given work waits {@value #GATHER_MS} ms, and then one pool
 * thread runs every lane that became ready meanwhile: on this 2-core machine a thread's wake-up costs more than the
 * write it does (many-keys, 1,000 launches a second over 100 jobs: about two writer wake-ups per launch when each
 * job's results woke a thread of their own). What a lead waits for before its request (the send log) takes a
 * {@link #newLane() lane} that runs at once. Fsyncs, which can take milliseconds on a busy disk, run on a thread of their own
 * ({@link #syncLater}), so a send-log note never waits behind another job's fsync.
 */
public final class FileWriters {

  private static final Logger LOG = LoggerFactory.getLogger(FileWriters.class);
  /** How long a gathering lane's first task waits for others to join it: results, which nothing waits for. */
  static final long GATHER_MS = 10;
  /** Two, so one slow pipe does not hold up every other job's writes: the next gathering runs on the other. */
  private static final int THREADS = 2;
  private static final long IDLE_SECONDS = 5;
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static final ScheduledThreadPoolExecutor POOL = scheduledPool(THREADS, "file-writer-");
  private static final Queue<Lane> READY = new ConcurrentLinkedQueue<>();
  private static final AtomicBoolean GATHERING = new AtomicBoolean();
  private static final Executor SYNCS = new Lane() {
    private final ThreadPoolExecutor thread = pool(1, "file-sync-");

    @Override
    void ready() {
      thread.execute(this::drain);
    }
  };

  private FileWriters() {
  }

  /** A new serial lane on the shared pool that runs as soon as a thread is free: for writes something waits on. */
  public static Executor newLane() {
    return new Lane() {
      @Override
      void ready() {
        POOL.execute(this::drain);
      }
    };
  }

  /** A new serial lane on the shared pool that gathers its tasks with every other lane's for {@value #GATHER_MS} ms. */
  public static Executor newGatheringLane() {
    return new Lane();
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

  private static void gatherLater(Lane lane) {
    READY.add(lane);
    if (GATHERING.compareAndSet(false, true)) {
      POOL.schedule(FileWriters::runReadyLanes, GATHER_MS, TimeUnit.MILLISECONDS);
    }
  }

  private static void runReadyLanes() {
    // lanes made ready from here on are gathered again
    GATHERING.set(false);
    for (Lane lane = READY.poll(); lane != null; lane = READY.poll()) {
      lane.drain();
    }
  }

  private static ThreadPoolExecutor pool(int threads, String name) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), daemons(name));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static ScheduledThreadPoolExecutor scheduledPool(int threads, String name) {
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, daemons(name));
    pool.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
    pool.allowCoreThreadTimeOut(true);
    pool.setRemoveOnCancelPolicy(true);
    return pool;
  }

  private static ThreadFactory daemons(String name) {
    return task -> {
      Thread thread = new Thread(task, name + NAMES.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Tasks in order, one at a time; in the ready queue at most once, however many tasks wait. */
  private static class Lane implements Executor {

    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean queued;

    @Override
    public void execute(Runnable task) {
      synchronized (this) {
        tasks.add(task);
        if (queued) {
          return;
        }
        queued = true;
      }
      ready();
    }

    void ready() {
      gatherLater(this);
    }

    void drain() {
      while (true) {
        Runnable task;
        synchronized (this) {
          task = tasks.poll();
          if (task == null) {
            queued = false;
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
