package dev.bulklaunch.result;

import java.io.IOException;
import java.util.List;

/** Somewhere results go. Called from one writer lane, one call at a time; blocking I/O is expected. */
public interface ResultSink extends AutoCloseable {

  void write(LeadResult result) throws IOException;

  /** The results of one batch, in order; a sink that can write them in one go overrides this. */
  default void writeAll(List<LeadResult> results) throws IOException {
    for (LeadResult result : results) {
      write(result);
    }
  }

  /** Makes what was written visible to readers (another process, a pipe). */
  void flush() throws IOException;

  @Override
  void close() throws IOException;
}
