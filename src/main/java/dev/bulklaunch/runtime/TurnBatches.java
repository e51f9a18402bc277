package dev.bulklaunch.runtime;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Items gathered during one event-loop turn and handed to a writer lane as one batch: one thread hand-off per turn
 * instead of one per item. Added off an event loop, an item is handed over at once.
 *
 * @param <T> what is written
 */
public final class TurnBatches<T> {

  private final Executor lane;
  private final Consumer<List<T>> write;
  private List<T> pending = new ArrayList<>();

  /** @param write writes one batch; runs on {@code lane}, batches in the order they were added */
  public TurnBatches(Executor lane, Consumer<List<T>> write) {
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
      Context context = Vertx.currentContext();
      if (context != null && context.isEventLoopContext()) {
        context.runOnContext(ignored -> handOver());
      } else {
        handOver();
      }
    }
  }

  /** Runs {@code task} on the lane after every item added so far has been written. */
  public synchronized void then(Runnable task) {
    handOver();
    lane.execute(task);
  }

  // Synchronized up to the lane's queue: two hand-overs from two threads must reach the lane in their order.
  private synchronized void handOver() {
    if (pending.isEmpty()) {
      return;
    }
    List<T> batch = pending;
    pending = new ArrayList<>();
    lane.execute(() -> write.accept(batch));
  }
}
