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

/**
 * Writes results to their sinks on one dedicated thread, so a slow pipe or disk never blocks the event loop; it
 * slows the launch through backpressure instead. Sinks are flushed every {@value #FLUSH_MS} ms and at the end.
 */
public final class ResultWriter {

  private static final long FLUSH_MS = 100;
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
      Disposable flusher = writer.schedulePeriodicallyDirect(() -> flushAll(sinks), FLUSH_MS, FLUSH_MS,
          TimeUnit.MILLISECONDS);
      return results
          .observeOn(writer, false, BUFFER)
          .doOnNext(result -> {
            for (ResultSink sink : sinks) {
              sink.write(result);
            }
          })
          .ignoreElements()
          .doFinally(() -> {
            flusher.dispose();
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
