package dev.bulklaunch.runtime;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Items handed to a writer lane as batches: whatever was added by the time the lane gets to them is written in one
 * go (one {@code write(2)}), so a lane task is queued per batch, not per item. Added on an event loop, the batch is
 * handed over at the end of the turn; {@link FileWriters}' gathering lanes then wait a few milliseconds more, across
 * every job of the process.
 *
 * @param <T> what is written
 */
public final class WriteBatches<T> {

  private final Executor lane;
  private final Consumer<List<T>> write;
  private List<T> pending = new ArrayList<>();

  /** @param write writes one batch; runs on {@code lane}, batches in the order they were added */
  public WriteBatches(Executor lane, Consumer<List<T>> write) {
    this.lane = lane;
    this.write = write;
  }

  public void add(T item) {
    boolean first;
    synchronized (this) {
      first = pending.isEmpty();
      pending.add(item);
    }
    if (first) {
      // on an event loop, handed over once the turn is done: whatever else the turn adds joins this batch
      Context context = Vertx.currentContext();
      if (context != null && context.isEventLoopContext()) {
        context.runOnContext(ignored -> lane.execute(this::writePending));
      } else {
        lane.execute(this::writePending);
      }
    }
  }

  /** Runs {@code task} on the lane after every item added so far has been written. */
  public void then(Runnable task) {
    lane.execute(() -> {
      writePending(); // items whose hand-over is still waiting for the end of their turn
      task.run();
    });
  }

  private void writePending() {
    List<T> batch;
    synchronized (this) {
      batch = pending;
      pending = new ArrayList<>();
    }
    if (!batch.isEmpty()) {
      write.accept(batch);
    }
  }
}
