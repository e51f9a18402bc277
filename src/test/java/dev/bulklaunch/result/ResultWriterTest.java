package dev.bulklaunch.result;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ResultWriterTest {

  private static LeadResult result(int i) {
    return new LeadResult("lea_" + i, Status.LAUNCHED, null, 200, null, 1, 5, Instant.EPOCH, i);
  }

  /** Records what reaches it, in the order sinks see it; can be held shut. */
  private static final class RecordingSink implements ResultSink {
    final String name;
    final List<String> log;
    final CountDownLatch open;
    final CountDownLatch entered = new CountDownLatch(1);

    RecordingSink(String name, List<String> log, CountDownLatch open) {
      this.name = name;
      this.log = log;
      this.open = open;
    }

    @Override
    public void write(LeadResult result) throws IOException {
      entered.countDown();
      try {
        open.await();
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
      log.add(name + ":" + result.leadId());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
      log.add(name + ":closed");
    }
  }

  @Test
  void everyResultReachesEachSinkInOrderTheFirstSinkBeforeTheNextAndTheSinksAreClosedAtTheEnd() {
    List<String> log = new CopyOnWriteArrayList<>();
    CountDownLatch open = new CountDownLatch(0);
    RecordingSink journal = new RecordingSink("journal", log, open);
    RecordingSink stdout = new RecordingSink("stdout", log, open);

    ResultWriter.writeAll(Flowable.range(1, 1_000).map(ResultWriterTest::result), List.of(journal, stdout))
        .blockingAwait(20, TimeUnit.SECONDS);

    List<String> journaled = log.stream().filter(line -> line.startsWith("journal:lea_")).toList();
    assertThat(journaled).hasSize(1_000).isEqualTo(
        java.util.stream.IntStream.rangeClosed(1, 1_000).mapToObj(i -> "journal:lea_" + i).toList());
    for (int i = 1; i <= 1_000; i++) {
      assertThat(log.indexOf("journal:lea_" + i)).isLessThan(log.indexOf("stdout:lea_" + i));
    }
    assertThat(log.subList(log.size() - 2, log.size())).containsExactly("journal:closed", "stdout:closed");
  }

  @Test
  void aSinkThatDoesNotTakeMoreStopsTheInput() throws Exception {
    CountDownLatch open = new CountDownLatch(1);
    RecordingSink slow = new RecordingSink("slow", new CopyOnWriteArrayList<>(), open);
    AtomicLong requested = new AtomicLong();
    Flowable<LeadResult> endless = Flowable.range(1, Integer.MAX_VALUE).map(ResultWriterTest::result)
        .doOnRequest(requested::addAndGet);

    var writing = ResultWriter.writeAll(endless.subscribeOn(Schedulers.io()), List.of(slow))
        .subscribe();
    assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue();

    // only the first batch was written (not yet): nothing more is asked for than the buffer holds
    assertThat(requested.get()).isEqualTo(256);
    writing.dispose();
    open.countDown();
  }
}
