package dev.bulklaunch.input;

import io.reactivex.rxjava3.core.Flowable;
import io.vertx.core.buffer.Buffer;

/** Lead input as a stream: bytes in any chunking become {@link InputRecord}s, in order, with backpressure. */
public final class LeadInput {

  private LeadInput() {
  }

  /**
   * Parses {@code bytes} into records. Never blocks and runs on whatever thread delivers the bytes.
   * At most one chunk is parsed at a time, one more is requested ahead, and nothing else is buffered.
   * If {@code bytes} fails, the complete lines before the failure still come out, a partial last line
   * is dropped (a cut ID could be another valid ID), then the error is passed on.
   */
  public static Flowable<InputRecord> records(Flowable<Buffer> bytes, InputOptions options) {
    return Flowable.defer(() -> {
      LineSplitter splitter = new LineSplitter(new LineParser(options), options.getMaxLineBytes());
      // delay an upstream error until the complete lines read before it are out (concatMapIterable would drop them)
      return bytes.map(splitter::recordsIn)
          .concatWith(Flowable.fromCallable(splitter::recordsAtEnd))
          .concatMapDelayError(Flowable::fromIterable, true, 1);
    });
  }

  public static Flowable<InputRecord> records(Flowable<Buffer> bytes) {
    return records(bytes, new InputOptions());
  }
}
