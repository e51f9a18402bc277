package dev.bulklaunch.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivex.rxjava3.subscribers.TestSubscriber;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ByteSourcesTest {

  private static final int LINES = 200_000;
  private static final int LINE_BYTES = "lea_0000000\n".length();
  private static final int CHUNK = 4096;

  @Test
  void slowConsumerKeepsTheReaderOnlyAFewChunksAhead() throws InterruptedException {
    CountingStream source = new CountingStream(leadLines(LINES));
    TestSubscriber<InputRecord> consumer = LeadInput.records(
        ByteSources.inputStream(() -> source, CHUNK), new InputOptions()).test(0);
    long maxAhead = 0;
    for (int batch = 1; batch <= LINES / 2000; batch++) {
      consumer.request(2000);
      consumer.awaitCount(batch * 2000);
      if (batch % 5 == 0) {
        Thread.sleep(20); // give a runaway reader time to run ahead
        long consumedBytes = (long) consumer.values().size() * LINE_BYTES;
        maxAhead = Math.max(maxAhead, source.read.get() - consumedBytes);
      }
    }
    consumer.awaitDone(5, TimeUnit.SECONDS).assertComplete().assertValueCount(LINES);
    System.out.println("reader ran at most " + maxAhead + " bytes ahead of the consumer");
    assertThat(maxAhead).isBetween(0L, 4L * CHUNK);
    assertThat(source.closed).isTrue();
  }

  @Test
  void readsInOrderAcrossChunksOnADaemonThread() {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    List<InputRecord> records = LeadInput.records(
            ByteSources.inputStream(() -> new ByteArrayInputStream(leadLines(1000)), 7)
                .doOnNext(b -> threads.add(Thread.currentThread().getName() + "/" + Thread.currentThread().isDaemon())),
            new InputOptions())
        .toList().blockingGet();
    assertThat(records).hasSize(1000);
    assertThat(records.get(999)).isEqualTo(InputRecord.valid(1000, "lea_0000999"));
    assertThat(threads).singleElement().asString().startsWith("lead-input-reader-").endsWith("/true");
  }

  @Test
  void cancellingClosesTheStream() throws InterruptedException {
    CountingStream source = new CountingStream(leadLines(10_000));
    TestSubscriber<Buffer> subscriber = ByteSources.inputStream(() -> source, 64).test(1);
    subscriber.awaitCount(1);
    subscriber.cancel();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!source.closed && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(source.closed).isTrue();
  }

  @Test
  void readErrorIsPassedOnAndClosesTheStream() throws InterruptedException {
    AtomicBoolean closed = new AtomicBoolean();
    InputStream failing = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("disk on fire");
      }

      @Override
      public void close() {
        closed.set(true);
      }
    };
    ByteSources.inputStream(() -> failing, 16).test().awaitDone(5, TimeUnit.SECONDS)
        .assertError(e -> e instanceof IOException && e.getMessage().equals("disk on fire"));
    // The reader thread closes the stream just after it has passed the error on: wait for it, boundedly.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!closed.get() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(closed).isTrue();
  }

  @Test
  void missingFileFailsWithNoSuchFileNamingThePath(@TempDir Path dir) {
    Path missing = dir.resolve("nope.txt");
    ByteSources.file(missing, 1024).test().awaitDone(5, TimeUnit.SECONDS)
        .assertError(e -> e instanceof NoSuchFileException && e.getMessage().contains("nope.txt"));
  }

  @Test
  void fileIsReadWhole(@TempDir Path dir) throws IOException {
    Path file = Files.write(dir.resolve("leads.csv"), "email,leadId\na@b.c,lea_1\nd@e.f,lea_2".getBytes());
    assertThat(Inputs.validIds(LeadInput.records(ByteSources.file(file, 5), new InputOptions())
        .toList().blockingGet())).containsExactly("lea_1", "lea_2");
  }

  private static byte[] leadLines(int count) {
    StringBuilder text = new StringBuilder(count * LINE_BYTES);
    for (int i = 0; i < count; i++) {
      text.append(String.format("lea_%07d\n", i));
    }
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static final class CountingStream extends FilterInputStream {
    final AtomicLong read = new AtomicLong();
    volatile boolean closed;

    CountingStream(byte[] bytes) {
      super(new ByteArrayInputStream(bytes));
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        read.addAndGet(n);
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      closed = true;
      super.close();
    }
  }
}
