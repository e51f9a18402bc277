package dev.bulklaunch.jobs;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An upload written to disk as it arrives, readable while it grows. The writer appends on its own thread, so the
 * event loop never waits on the disk and the upload is never throttled by the launch pace; readers follow the file
 * up to what is written and wait for more until the upload completes.
 */
public final class Spool {

  private static final long HIGH_WATER = 1 << 20;
  private static final long LOW_WATER = 256 * 1024;

  private final Path path;
  private final Object growth = new Object();
  private final AtomicLong queued = new AtomicLong();
  private volatile long written;
  private volatile long lines;
  private volatile boolean endsMidLine;
  private volatile boolean complete;
  private volatile IOException failure;

  private Spool(Path path, long alreadyWritten, boolean complete) {
    this.path = path;
    this.written = alreadyWritten;
    this.complete = complete;
  }

  /** A spool whose upload finished earlier (a job resumed after a restart). */
  public static Spool completed(Path path, long size) {
    return new Spool(path, size, true);
  }

  /** An empty spool file, ready to be followed before the first byte arrives. */
  public static Spool create(Path path) throws IOException {
    java.nio.file.Files.write(path, new byte[0]);
    return new Spool(path, 0, false);
  }

  public long written() {
    return written;
  }

  /** Lines in the upload so far: an upper bound of its leads (blank lines, comments and a header count too). */
  public long lines() {
    return lines + (endsMidLine ? 1 : 0);
  }

  public boolean isComplete() {
    return complete;
  }

  /**
   * Copies {@code upload} into the file and completes with the byte count once it is all on disk; fails with
   * {@link UploadTooLarge} past {@code maxBytes} (the rest of the upload is then ignored). A failure reaches this
   * future's handlers (which cancel the job with the reason) before the readers, so the job ends cancelled with that
   * reason rather than on its input's error.
   */
  public Future<Long> fill(ReadStream<Buffer> upload, Context context, long maxBytes) {
    Promise<Long> done = Promise.promise();
    ExecutorService disk = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "upload-spool");
      t.setDaemon(true);
      return t;
    });
    FileChannel channel;
    try {
      channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      disk.shutdown();
      failWith(e);
      return Future.failedFuture(e);
    }
    AtomicLong received = new AtomicLong();
    AtomicBoolean pausedBySpool = new AtomicBoolean();
    upload.handler(chunk -> {
      if (done.future().isComplete()) {
        return;
      }
      if (received.addAndGet(chunk.length()) > maxBytes) {
        done.tryFail(new UploadTooLarge(maxBytes));
        failWith(new IOException("upload over the limit"));
        disk.execute(() -> close(channel));
        disk.shutdown();
        return;
      }
      if (queued.addAndGet(chunk.length()) > HIGH_WATER && pausedBySpool.compareAndSet(false, true)) {
        upload.pause();
      }
      disk.execute(() -> {
        append(channel, chunk);
        if (queued.addAndGet(-chunk.length()) < LOW_WATER && pausedBySpool.get()) {
          // only what this spool paused, and not once the upload is over (HTTP/2 refuses a resume after the end)
          context.runOnContext(v -> {
            if (pausedBySpool.compareAndSet(true, false) && !done.future().isComplete()) {
              upload.resume();
            }
          });
        }
      });
    });
    upload.exceptionHandler(error -> {
      if (done.future().isComplete()) {
        return;
      }
      done.tryFail(error);
      failWith(new IOException("upload interrupted: " + error.getMessage(), error));
      disk.execute(() -> close(channel));
      disk.shutdown();
    });
    upload.endHandler(v -> {
      if (!done.future().isComplete()) {
        disk.execute(() -> finish(channel, disk, context, done));
      }
    });
    return done.future();
  }

  private void finish(FileChannel channel, ExecutorService disk, Context context, Promise<Long> done) {
    try {
      channel.force(false);
    } catch (IOException e) {
      failWith(e);
    }
    close(channel);
    disk.shutdown();
    if (failure == null) {
      markComplete();
      context.runOnContext(x -> done.tryComplete(written));
    } else {
      context.runOnContext(x -> done.tryFail(failure));
    }
  }

  /** A blocking stream of the spool's bytes that waits for the upload to grow; run it on a dedicated thread. */
  public InputStream follow() throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    return new InputStream() {
      private long position;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] into, int offset, int length) throws IOException {
        while (true) {
          boolean ended = complete;
          IOException failed = failure;
          long available = written - position;
          if (available > 0) {
            int n = channel.read(ByteBuffer.wrap(into, offset, (int) Math.min(length, available)), position);
            position += n;
            return n;
          }
          if (failed != null) {
            throw failed;
          }
          if (ended) {
            return -1;
          }
          awaitChangeFrom(position);
        }
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }

  private void append(FileChannel channel, Buffer chunk) {
    if (failure != null) {
      return;
    }
    try {
      ByteBuffer bytes = ByteBuffer.wrap(chunk.getBytes());
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      long newlines = 0;
      for (int i = 0; i < chunk.length(); i++) {
        if (chunk.getByte(i) == '\n') {
          newlines++;
        }
      }
      lines += newlines;
      endsMidLine = chunk.length() > 0 ? chunk.getByte(chunk.length() - 1) != '\n' : endsMidLine;
      synchronized (growth) {
        written += chunk.length();
        growth.notifyAll();
      }
    } catch (IOException e) {
      failWith(e);
    }
  }

  /** Waits until the upload grows past {@code position}, completes or fails (each changes under the lock). */
  private void awaitChangeFrom(long position) throws IOException {
    synchronized (growth) {
      try {
        while (written <= position && !complete && failure == null) {
          growth.wait();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the upload", e);
      }
    }
  }

  private void markComplete() {
    synchronized (growth) {
      complete = true;
      growth.notifyAll();
    }
  }

  private void failWith(IOException e) {
    synchronized (growth) {
      if (failure == null) {
        failure = e;
      }
      growth.notifyAll();
    }
  }

  private static void close(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing more to write
    }
  }

  /** The upload passed {@code server.maxUploadBytes}. */
  public static final class UploadTooLarge extends RuntimeException {
    final long limit;

    UploadTooLarge(long limit) {
      super("the upload is larger than the server's limit of " + limit + " bytes (server.maxUploadBytes)", null, false,
          false);
      this.limit = limit;
    }
  }
}
