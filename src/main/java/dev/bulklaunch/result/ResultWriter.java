package dev.bulklaunch.result;

import dev.bulklaunch.runtime.FileWriters;
import dev.bulklaunch.runtime.TurnBatches;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.CompletableEmitter;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.FlowableSubscriber;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Subscription;

/**
 * Writes results to their sinks on a lane of the process's shared {@link FileWriters}, so a slow pipe or disk never
 * blocks the event loop; it slows the launch through backpressure instead (at most {@value #BUFFER} results
 * unwritten). The results of one event-loop turn are written as one batch, each sink in list order (the journal
 * before stdout or the event bus), then flushed: a reader of the pipe sees each result as soon as it is known. At
 * the end the sinks are closed.
 */
public final class ResultWriter implements FlowableSubscriber<LeadResult> {

  private static final int BUFFER = 256;

  private final List<ResultSink> sinks;
  private final CompletableEmitter done;
  private final TurnBatches<LeadResult> batches;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Subscription upstream;

  private ResultWriter(List<ResultSink> sinks, CompletableEmitter done) {
    this.sinks = sinks;
    this.done = done;
    this.batches = new TurnBatches<>(FileWriters.newLane(), this::writeBatch);
  }

  public static Completable writeAll(Flowable<LeadResult> results, List<ResultSink> sinks) {
    return Completable.create(done -> {
      ResultWriter writer = new ResultWriter(sinks, done);
      done.setCancellable(writer::cancel);
      results.subscribe(writer);
    });
  }

  @Override
  public void onSubscribe(Subscription subscription) {
    upstream = subscription;
    subscription.request(BUFFER);
  }

  @Override
  public void onNext(LeadResult result) {
    batches.add(result);
  }

  @Override
  public void onError(Throwable error) {
    batches.then(() -> finish(error));
  }

  @Override
  public void onComplete() {
    batches.then(() -> finish(null));
  }

  private void writeBatch(List<LeadResult> batch) {
    if (closed.get()) {
      return;
    }
    try {
      for (ResultSink sink : sinks) {
        sink.writeAll(batch);
      }
      for (ResultSink sink : sinks) {
        sink.flush();
      }
    } catch (IOException | RuntimeException e) {
      upstream.cancel();
      finish(e);
      return;
    }
    upstream.request(batch.size());
  }

  private void cancel() {
    Subscription subscription = upstream;
    if (subscription != null) {
      subscription.cancel();
    }
    batches.then(() -> finish(null));
  }

  /** On the lane, after every batch: closes the sinks once and reports how the writing ended. */
  private void finish(Throwable error) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Throwable failure = error;
    for (ResultSink sink : sinks) {
      try {
        sink.close();
      } catch (IOException | RuntimeException e) {
        if (failure == null) {
          failure = e;
        }
      }
    }
    if (failure == null) {
      done.onComplete();
    } else {
      done.tryOnError(failure);
    }
  }
}
