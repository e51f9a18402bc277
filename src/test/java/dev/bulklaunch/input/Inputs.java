package dev.bulklaunch.input;

import io.reactivex.rxjava3.core.Flowable;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test helpers: feed bytes through {@link LeadInput#records} in chosen chunks. */
final class Inputs {

  private Inputs() {
  }

  static List<InputRecord> read(String text) {
    return read(text.getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE);
  }

  static List<InputRecord> read(byte[] bytes, int chunkSize) {
    return read(chunked(bytes, chunkSize), new InputOptions());
  }

  static List<InputRecord> read(List<Buffer> chunks, InputOptions options) {
    return LeadInput.records(Flowable.fromIterable(chunks), options).toList().blockingGet();
  }

  static List<Buffer> chunked(byte[] bytes, int chunkSize) {
    List<Buffer> chunks = new ArrayList<>();
    for (int from = 0; from < bytes.length; from += chunkSize) {
      chunks.add(Buffer.buffer(Arrays.copyOfRange(bytes, from, (int) Math.min(bytes.length, (long) from + chunkSize))));
    }
    return chunks;
  }

  static List<Buffer> cutAt(byte[] bytes, List<Integer> cuts) {
    List<Buffer> chunks = new ArrayList<>();
    int from = 0;
    for (int cut : cuts.stream().map(c -> Math.min(c, bytes.length)).sorted().toList()) {
      chunks.add(Buffer.buffer(Arrays.copyOfRange(bytes, from, Math.max(from, cut))));
      from = Math.max(from, cut);
    }
    chunks.add(Buffer.buffer(Arrays.copyOfRange(bytes, from, bytes.length)));
    return chunks;
  }

  static List<String> validIds(List<InputRecord> records) {
    return records.stream().filter(InputRecord::valid).map(InputRecord::leadId).toList();
  }
}
