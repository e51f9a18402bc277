package dev.bulklaunch.result;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** One JSON object per line on a stream (stdout), buffered and flushed by the writer. */
public final class NdjsonSink implements ResultSink {

  private final OutputStream out;
  private final boolean closeUnderlying;

  public NdjsonSink(OutputStream out, boolean closeUnderlying) {
    this.out = new BufferedOutputStream(out, 64 * 1024);
    this.closeUnderlying = closeUnderlying;
  }

  @Override
  public void write(LeadResult result) throws IOException {
    out.write(result.toJson().encode().getBytes(StandardCharsets.UTF_8));
    out.write('\n');
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.flush();
    if (closeUnderlying) {
      out.close();
    }
  }
}
