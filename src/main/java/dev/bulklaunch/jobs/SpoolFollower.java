package dev.bulklaunch.jobs;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.io.IOException;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * One reader of a {@link Spool}: reads a chunk at its position with {@code AsyncFile} for each one requested, and when
 * it has caught up with the upload asks the spool to wake it on the next change instead of waiting on a thread.
 * Every signal runs on {@code context}, one at a time.
 */
final class SpoolFollower implements Subscription {

  private final Spool spool;
  private final Context context;
  private final int chunkBytes;
  private Subscriber<? super Buffer> subscriber;
  private AsyncFile file;
  private long position;
  private long demand;
  private boolean reading;
  private boolean waiting;
  private boolean over;

  SpoolFollower(Spool spool, Context context, int chunkBytes) {
    this.spool = spool;
    this.context = context;
    this.chunkBytes = chunkBytes;
  }

  void start(Subscriber<? super Buffer> subscriber) {
    this.subscriber = subscriber;
    subscriber.onSubscribe(this);
    context.runOnContext(v -> context.owner().fileSystem().open(spool.path().toString(), new OpenOptions().setRead(true))
        .onSuccess(opened -> {
          file = opened;
          if (over) {
            file.close();
          } else {
            pump();
          }
        })
        .onFailure(this::fail));
  }

  @Override
  public void request(long n) {
    context.runOnContext(v -> {
      demand = Long.MAX_VALUE - demand < n ? Long.MAX_VALUE : demand + n;
      pump();
    });
  }

  @Override
  public void cancel() {
    context.runOnContext(v -> end());
  }

  private void pump() {
    if (over || reading || waiting || file == null || demand == 0) {
      return;
    }
    // read before the byte count: a spool seen complete has every byte counted
    boolean complete = spool.isComplete();
    IOException failure = spool.failure();
    long available = spool.written() - position;
    if (available > 0) {
      read((int) Math.min(chunkBytes, available));
    } else if (failure != null) {
      fail(failure);
    } else if (complete) {
      end();
      subscriber.onComplete();
    } else {
      waiting = true;
      spool.whenChangedFrom(position, () -> context.runOnContext(v -> {
        waiting = false;
        pump();
      }));
    }
  }

  private void read(int length) {
    reading = true;
    file.read(Buffer.buffer(length), 0, position, length).onComplete(chunk -> {
      reading = false;
      if (over) {
        return;
      }
      if (chunk.failed()) {
        fail(chunk.cause());
        return;
      }
      position += chunk.result().length();
      if (demand != Long.MAX_VALUE) {
        demand--;
      }
      subscriber.onNext(chunk.result());
      pump();
    });
  }

  private void fail(Throwable error) {
    if (!over) {
      end();
      subscriber.onError(error);
    }
  }

  private void end() {
    if (!over) {
      over = true;
      if (file != null) {
        file.close();
      }
    }
  }
}
