package dev.bulklaunch.input;

import io.vertx.core.buffer.Buffer;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Cuts a byte stream into lines and hands each to a {@link LineParser}. Holds at most one line of
 * {@code maxLineBytes + 1} bytes (room for a trailing CR); an overlong line is reported as soon as it
 * overflows and the rest of it is skipped without being kept. Not thread-safe: one per subscription.
 *
 * <p>Records come out through lazy iterators that parse only as far as the next record, so one chunk
 * never turns into a big list and millions of skipped lines are a plain loop.
 */
final class LineSplitter {

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final LineParser parser;
  private final int maxLineBytes;
  private final byte[] line;
  private int length;
  private boolean overlong;
  private long lineNumber = 1;
  private int bomMatched;
  private boolean atStreamStart = true;

  LineSplitter(LineParser parser, int maxLineBytes) {
    this.parser = parser;
    this.maxLineBytes = maxLineBytes;
    this.line = new byte[maxLineBytes + 1];
  }

  /** The records completed by this chunk, parsed lazily as they are iterated. */
  Iterable<InputRecord> recordsIn(Buffer chunk) {
    return () -> new ChunkRecords(chunk);
  }

  /** The record of a final line without a newline, if any. Only for a stream that completed normally. */
  Iterable<InputRecord> recordsAtEnd() {
    return () -> {
      InputRecord last = finish();
      return last == null ? Collections.emptyIterator() : List.of(last).iterator();
    };
  }

  private InputRecord finish() {
    if (atStreamStart) {
      flushPartialBom();
    }
    if (length == 0 && !overlong) {
      return null;
    }
    return endLine();
  }

  private InputRecord accept(byte b) {
    if (atStreamStart) {
      if (bomMatched < BOM.length && b == BOM[bomMatched]) {
        if (++bomMatched == BOM.length) {
          atStreamStart = false;
        }
        return null;
      }
      flushPartialBom();
    }
    if (b == '\n') {
      InputRecord record = endLine();
      lineNumber++;
      return record;
    }
    return append(b);
  }

  /** Puts back the first bytes of what looked like a BOM; at most 2, so they always fit the line. */
  private void flushPartialBom() {
    atStreamStart = false;
    for (int i = 0; i < bomMatched; i++) {
      line[length++] = BOM[i];
    }
  }

  private InputRecord append(byte b) {
    if (overlong) {
      return null;
    }
    if (length < line.length) {
      line[length++] = b;
      return null;
    }
    overlong = true;
    return parser.overlong(lineNumber, line, length);
  }

  private InputRecord endLine() {
    boolean wasOverlong = overlong;
    int end = length;
    length = 0;
    overlong = false;
    if (wasOverlong) {
      return null;
    }
    if (end > 0 && line[end - 1] == '\r') {
      end--;
    }
    if (end > maxLineBytes) {
      return parser.overlong(lineNumber, line, end);
    }
    return parser.parse(lineNumber, line, end);
  }

  private final class ChunkRecords implements Iterator<InputRecord> {
    private final Buffer chunk;
    private byte[] bytes;
    private int position;
    private InputRecord next;

    ChunkRecords(Buffer chunk) {
      this.chunk = chunk;
    }

    @Override
    public boolean hasNext() {
      if (next == null) {
        next = advance();
      }
      return next != null;
    }

    @Override
    public InputRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      InputRecord record = next;
      next = null;
      return record;
    }

    private InputRecord advance() {
      if (bytes == null) {
        bytes = chunk.getBytes();
      }
      while (position < bytes.length) {
        if (overlong) {
          skipToLineEnd();
          if (position == bytes.length) {
            return null;
          }
        }
        InputRecord record = accept(bytes[position++]);
        if (record != null) {
          return record;
        }
      }
      return null;
    }

    private void skipToLineEnd() {
      while (position < bytes.length && bytes[position] != '\n') {
        position++;
      }
    }
  }
}
