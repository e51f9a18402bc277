package dev.bulklaunch.jobs;

import io.reactivex.rxjava3.core.Flowable;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An upload written to disk as it arrives, readable while it grows. Neither side has a thread of its own: the upload
 * is appended with Vert.x's {@code AsyncFile} ({@link SpoolWriter}), and readers ({@link SpoolFollower}) read at
 * positions up to what is written and are woken when it grows, completes or fails.
 */
public final class Spool {

  private final Path path;
  private final List<Runnable> waiting = new ArrayList<>();
  private volatile long written;
  private volatile long lines;
  private volatile boolean endsMidLine;
  private volatile boolean complete;
  private volatile IOException failure;
  private volatile SpoolWriter writer;

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
    Files.write(path, new byte[0]);
    return new Spool(path, 0, false);
  }

  Path path() {
    return path;
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

  IOException failure() {
    return failure;
  }

  /** As below, with no idle limit. */
  public Future<Long> fill(ReadStream<Buffer> upload, Context context, long maxBytes) {
    return fill(upload, context, maxBytes, Duration.ZERO);
  }

  /**
   * Copies {@code upload} into the file (call it on {@code context}) and completes with the byte count once it is all
   * on disk. Fails with {@link UploadTooLarge} past {@code maxBytes}, {@link UploadIdle} when the upload sends nothing
   * for {@code idleTimeout} (zero: no limit), {@link UploadStopped} when {@link #stopUpload} is called; the rest of the
   * upload is then ignored. A failure reaches this future's handlers (which cancel the job with the reason) before
   * the readers, so the job ends cancelled with that reason rather than on its input's error.
   */
  public Future<Long> fill(ReadStream<Buffer> upload, Context context, long maxBytes, Duration idleTimeout) {
    SpoolWriter fill = new SpoolWriter(this, upload, context, maxBytes, idleTimeout.toMillis());
    writer = fill;
    return fill.start();
  }

  /** Stops an upload still being written (its job was cancelled): {@link #fill} fails with {@link UploadStopped}. */
  public void stopUpload(String why) {
    SpoolWriter fill = writer;
    if (fill != null && !complete) {
      fill.stop(why);
    }
  }

  /**
   * The spool's bytes in chunks of up to {@code chunkBytes}, read on {@code context} as they are requested, following
   * the upload as it grows; ends when the upload completes, fails when it fails.
   */
  public Flowable<Buffer> follow(Context context, int chunkBytes) {
    return Flowable.fromPublisher(subscriber -> new SpoolFollower(this, context, chunkBytes).start(subscriber));
  }

  /**
   * Runs {@code wake} once the spool has grown past {@code position}, completed or failed: at once if it already has.
   * The check and the registration are one step, so no change falls between them.
   */
  void whenChangedFrom(long position, Runnable wake) {
    synchronized (waiting) {
      if (written <= position && !complete && failure == null) {
        waiting.add(wake);
        return;
      }
    }
    wake.run();
  }

  void appended(Buffer chunk) {
    long newlines = 0;
    for (int i = 0; i < chunk.length(); i++) {
      if (chunk.getByte(i) == '\n') {
        newlines++;
      }
    }
    lines += newlines;
    endsMidLine = chunk.length() > 0 ? chunk.getByte(chunk.length() - 1) != '\n' : endsMidLine;
    changed(() -> written += chunk.length());
  }

  void markComplete() {
    changed(() -> complete = true);
  }

  void failWith(IOException e) {
    changed(() -> {
      if (failure == null) {
        failure = e;
      }
    });
  }

  private void changed(Runnable change) {
    List<Runnable> wake;
    synchronized (waiting) {
      change.run();
      wake = List.copyOf(waiting);
      waiting.clear();
    }
    wake.forEach(Runnable::run);
  }

  /** The upload passed {@code server.maxUploadBytes}. */
  public static final class UploadTooLarge extends RuntimeException {
    UploadTooLarge(long limit) {
      super("the upload is larger than the server's limit of " + limit + " bytes (server.maxUploadBytes)", null, false,
          false);
    }
  }

  /** The upload sent nothing for {@code server.uploadIdleTimeout}. */
  public static final class UploadIdle extends RuntimeException {
    UploadIdle(long idleMs) {
      super("the upload sent nothing for " + idleMs + " ms (server.uploadIdleTimeout)", null, false, false);
    }
  }

  /** The upload was stopped from the server's side (its job was cancelled). */
  public static final class UploadStopped extends RuntimeException {
    UploadStopped(String why) {
      super(why, null, false, false);
    }
  }
}
