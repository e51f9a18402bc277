package dev.bulklaunch.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulklaunch.input.LeadIdSet;
import dev.bulklaunch.result.SendLog;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendLogTraceTest {

  @TempDir
  Path dir;

  /** The test's thread is the job's event loop and the writer lane; each runs when the test says. */
  private final TestScheduler loop = new TestScheduler();
  private final Queue<Runnable> lane = new ArrayDeque<>();

  @Test
  void aNoteThatFindsNoRoomWaitsForTheNextSegmentAndItsLeadWithIt() throws IOException {
    Path journal = dir.resolve("run.journal");
    SendLogTrace trace = SendLogTrace.besideJournal(journal, loop, lane::add);
    List<TestObserver<Void>> notes = new ArrayList<>();
    int i = 0;
    int twoSegments = 2 * 16 * 1024 / id(0).length();
    while (i < twoSegments && (notes.isEmpty() || isComplete(notes.get(notes.size() - 1)))) {
      notes.add(trace.sending(id(i++)).test());
    }
    TestObserver<Void> waiting = notes.get(notes.size() - 1);
    waiting.assertNotComplete(); // the first segment is full and the lane has not mapped the next yet
    assertThat(lane).as("the next segment was asked for once half the first was used").hasSize(1);
    TestObserver<Void> behindIt = trace.sending(id(i++)).test();
    behindIt.assertNotComplete();

    runLane();
    waiting.assertNotComplete(); // completes on the loop, not on the lane
    loop.triggerActions();

    waiting.assertComplete();
    behindIt.assertComplete();
    LeadIdSet inLog = SendLog.read(SendLog.beside(journal));
    assertThat(inLog.size()).isEqualTo(i);
    assertThat(inLog.contains(id(i - 1))).isTrue();
  }

  @Test
  void noNoteIsTakenOnceTheTraceIsClosed() throws IOException {
    SendLogTrace trace = SendLogTrace.besideJournal(dir.resolve("run.journal"), loop, lane::add);
    trace.sending(id(1)).test().assertComplete();

    trace.close();
    loop.triggerActions();
    runLane();

    trace.sending(id(2)).test().assertError(IOException.class);
    assertThat(SendLog.read(SendLog.beside(dir.resolve("run.journal"))).contains(id(2))).isFalse();
  }

  private void runLane() {
    Runnable task;
    while ((task = lane.poll()) != null) {
      task.run();
    }
  }

  private static String id(int n) {
    return String.format("lea_%020d", n);
  }

  private static boolean isComplete(TestObserver<Void> observer) {
    try {
      observer.assertComplete();
      return true;
    } catch (AssertionError notYet) {
      return false;
    }
  }
}
