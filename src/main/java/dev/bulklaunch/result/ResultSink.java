package dev.bulklaunch.result;

import java.io.IOException;

/** Somewhere results go. Called from one writer thread only; blocking I/O is expected. */
public interface ResultSink extends AutoCloseable {

  void write(LeadResult result) throws IOException;

  /** Makes what was written visible to readers (another process, a pipe). */
  void flush() throws IOException;

  @Override
  void close() throws IOException;
}
