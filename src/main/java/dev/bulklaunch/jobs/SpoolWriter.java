package dev.bulklaunch.jobs;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;

/**
 * Appends an upload to its spool with one {@code AsyncFile} write at a time, everything on the upload's context:
 * chunks that arrive meanwhile are batched into the next write, and the upload is paused while more than
 * {@link #HIGH_WATER} bytes wait for the disk. An idle timer cuts an upload that sends nothing (time the spool itself
 * paused it does not count).
 */
final class SpoolWriter {

  private static final int HIGH_WATER = 1 << 20;
  private static final int LOW_WATER = 256 * 1024;

  private final Spool spool;
  private final ReadStream<Buffer> upload;
  private final Context context;
  private final long maxBytes;
  private final long idleMs;
  private final Promise<Long> done = Promise.promise();

  private AsyncFile file;
  private Buffer pending = Buffer.buffer();
  private long received;
  private long position;
  private boolean writing;
  private boolean ended;
  private boolean pausedBySpool;
  private long lastChunkNanos = System.nanoTime();
  private long idleTimer = -1;

  SpoolWriter(Spool spool, ReadStream<Buffer> upload, Context context, long maxBytes, long idleMs) {
    this.spool = spool;
    this.upload = upload;
    this.context = context;
    this.maxBytes = maxBytes;
    this.idleMs = idleMs;
  }

  Future<Long> start() {
    upload.handler(this::received);
    upload.exceptionHandler(error -> fail(error, new IOException("upload interrupted: " + error.getMessage(), error)));
    upload.endHandler(v -> {
      ended = true;
      writeNext();
    });
    context.owner().fileSystem().open(spool.path().toString(), new OpenOptions().setWrite(true).setCreate(true))
        .onSuccess(opened -> {
          file = opened;
          if (done.future().isComplete()) {
            file.close();
          } else {
            writeNext();
          }
        })
        .onFailure(error -> fail(error, error instanceof IOException io ? io : new IOException(error.getMessage(), error)));
    armIdleTimer(idleMs);
    return done.future();
  }

  void stop(String why) {
    context.runOnContext(v -> fail(new Spool.UploadStopped(why), new IOException(why)));
  }

  private void received(Buffer chunk) {
    if (done.future().isComplete()) {
      return;
    }
    lastChunkNanos = System.nanoTime();
    received += chunk.length();
    if (received > maxBytes) {
      fail(new Spool.UploadTooLarge(maxBytes), new IOException("upload over the limit"));
      return;
    }
    pending.appendBuffer(chunk);
    if (pending.length() > HIGH_WATER && !pausedBySpool) {
      pausedBySpool = true;
      upload.pause();
    }
    writeNext();
  }

  private void writeNext() {
    if (writing || file == null || done.future().isComplete()) {
      return;
    }
    if (pending.length() == 0) {
      if (ended) {
        finish();
      }
      return;
    }
    Buffer batch = pending;
    pending = Buffer.buffer();
    writing = true;
    file.write(batch, position).onComplete(written -> {
      writing = false;
      if (written.failed()) {
        fail(written.cause(), new IOException("cannot write the upload: " + written.cause().getMessage()));
        return;
      }
      position += batch.length();
      spool.appended(batch);
      // only what this spool paused, and not once the upload is over (HTTP/2 refuses a resume after the end)
      if (pausedBySpool && pending.length() < LOW_WATER && !done.future().isComplete()) {
        pausedBySpool = false;
        lastChunkNanos = System.nanoTime();
        upload.resume();
      }
      writeNext();
    });
  }

  private void finish() {
    cancelIdleTimer();
    file.flush().compose(v -> file.close()).onComplete(closed -> {
      if (closed.failed()) {
        fail(closed.cause(), new IOException("cannot store the upload: " + closed.cause().getMessage()));
        return;
      }
      spool.markComplete();
      done.tryComplete(position);
    });
  }

  /** The route's handlers (which cancel the job with the reason) run before the readers see the failure. */
  private void fail(Throwable cause, IOException forReaders) {
    if (done.future().isComplete()) {
      return;
    }
    cancelIdleTimer();
    done.tryFail(cause);
    spool.failWith(forReaders);
    if (file != null) {
      file.close();
    }
  }

  private void armIdleTimer(long delayMs) {
    if (idleMs > 0) {
      idleTimer = context.owner().setTimer(Math.max(1, delayMs), t -> checkIdle());
    }
  }

  private void checkIdle() {
    if (done.future().isComplete()) {
      return;
    }
    long quietMs = (System.nanoTime() - lastChunkNanos) / 1_000_000;
    if (pausedBySpool || ended) {
      armIdleTimer(idleMs);
    } else if (quietMs >= idleMs) {
      fail(new Spool.UploadIdle(idleMs), new IOException("the upload sent nothing for " + idleMs + " ms"));
    } else {
      armIdleTimer(idleMs - quietMs);
    }
  }

  private void cancelIdleTimer() {
    if (idleTimer >= 0) {
      context.owner().cancelTimer(idleTimer);
    }
  }
}
