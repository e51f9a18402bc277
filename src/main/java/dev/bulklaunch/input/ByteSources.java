package dev.bulklaunch.input;

import io.reactivex.rxjava3.core.Emitter;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Blocking byte sources as backpressured Flowables. Each subscription reads on its own daemon thread,
 * one chunk per downstream request, so a slow consumer leaves the rest in the pipe or file. The
 * stream is closed on completion, error or cancel. (AsyncFile cannot read stdin: it fails on pipes.)
 */
public final class ByteSources {

  private static final AtomicInteger THREADS = new AtomicInteger();

  private ByteSources() {
  }

  public static Flowable<Buffer> stdin(int chunkBytes) {
    return inputStream(() -> System.in, chunkBytes);
  }

  /** Fails with {@link java.nio.file.NoSuchFileException} naming the path when the file is missing. */
  public static Flowable<Buffer> file(Path path, int chunkBytes) {
    return inputStream(() -> Files.newInputStream(path), chunkBytes);
  }

  public static Flowable<Buffer> inputStream(Callable<InputStream> open, int chunkBytes) {
    if (chunkBytes < 1) {
      throw new IllegalArgumentException("chunkBytes must be at least 1");
    }
    return Flowable.defer(() -> {
      ExecutorService reader = Executors.newSingleThreadExecutor(ByteSources::daemon);
      return Flowable.<Buffer, InputStream>generate(open::call,
              (in, emitter) -> {
                readChunk(in, chunkBytes, emitter);
                return in;
              },
              InputStream::close)
          .subscribeOn(Schedulers.from(reader))
          .doFinally(reader::shutdown);
    });
  }

  private static void readChunk(InputStream in, int chunkBytes, Emitter<Buffer> emitter) throws IOException {
    byte[] chunk = new byte[chunkBytes];
    int read = in.read(chunk);
    if (read < 0) {
      emitter.onComplete();
    } else {
      emitter.onNext(Buffer.buffer(read == chunkBytes ? chunk : Arrays.copyOf(chunk, read)));
    }
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "lead-input-reader-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }
}
