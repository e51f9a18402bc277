package dev.bulklaunch.result;

import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes results to their sinks on one dedicated thread, so a slow pipe or disk never blocks the event loop; it
 * slows the launch through backpressure instead. Sinks are flushed whenever the writer has caught up (a reader
 * of the pipe sees each result as soon as it is known, and a burst costs one flush), every
 * {@value #SYNC_MS} ms for the journal's fsync, and at the end.
 */
public final class ResultWriter {

  private static final long SYNC_MS = 1_000;
  private static final int BUFFER = 256;

  private ResultWriter() {
  }

  public static Completable writeAll(Flowable<LeadResult> results, List<ResultSink> sinks) {
    return Completable.defer(() -> {
      ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "result-writer");
        t.setDaemon(true);
        return t;
      });
      Scheduler writer = Schedulers.from(thread);
      // A timer that only fires once a second: a 10 Hz one cost two thread wake-ups each tick, idle or not.
      Disposable syncer = writer.schedulePeriodicallyDirect(() -> flushAll(sinks), SYNC_MS, SYNC_MS,
          TimeUnit.MILLISECONDS);
      AtomicLong queued = new AtomicLong();
      return results
          .doOnNext(result -> queued.incrementAndGet())
          .observeOn(writer, false, BUFFER)
          .doOnNext(result -> {
            for (ResultSink sink : sinks) {
              sink.write(result);
            }
            if (queued.decrementAndGet() == 0) {
              flushAll(sinks);
            }
          })
          .ignoreElements()
          .doFinally(() -> {
            syncer.dispose();
            closeAll(sinks);
            thread.shutdown();
          });
    });
  }

  private static void flushAll(List<ResultSink> sinks) {
    for (ResultSink sink : sinks) {
      try {
        sink.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void closeAll(List<ResultSink> sinks) {
    for (ResultSink sink : sinks) {
      try {
        sink.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
