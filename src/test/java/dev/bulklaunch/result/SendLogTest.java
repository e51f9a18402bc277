package dev.bulklaunch.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendLogTest {

  @TempDir
  Path dir;

  private Path path() {
    return dir.resolve("run.journal.sending");
  }

  @Test
  void notesAreInTheFileWhileTheLogIsOpenAsAKilledProcessLeavesThem() throws IOException {
    SendLog log = SendLog.open(path());
    assertThat(log.tryNote("lea_1")).isTrue();
    assertThat(log.tryNote("lea_2")).isTrue();

    assertThat(ids(SendLog.read(path()), "lea_1", "lea_2", "lea_3")).containsExactly("lea_1", "lea_2");
    byte[] bytes = Files.readAllBytes(path());
    assertThat(bytes[bytes.length - 1]).as("the unused room reads as zero bytes").isZero();
    log.close();
  }

  @Test
  void aClosedLogKeepsItsRoomSoWhoeverMappedAfterItCanStillNote() throws IOException {
    SendLog first = SendLog.open(path());
    first.tryNote("lea_1");
    SendLog next = SendLog.open(path()); // the job's next run, or the member that took it over
    first.close();
    assertThat(next.tryNote("lea_2")).isTrue();
    next.close();

    assertThat(Files.readString(path()).replace("\0", "")).isEqualTo("lea_1\nlea_2\n");
  }

  @Test
  void aLogReopenedAfterACrashKeepsTheEarlierNotesAndAddsAfterThem() throws IOException {
    SendLog crashed = SendLog.open(path());
    crashed.tryNote("lea_1"); // never closed: the process died

    SendLog resumed = SendLog.open(path());
    resumed.tryNote("lea_2");
    resumed.close();

    assertThat(ids(SendLog.read(path()), "lea_1", "lea_2")).containsExactly("lea_1", "lea_2");
  }

  @Test
  void aNoteTornMidCopyAndTheOldFormatsLeadingNewlinesAreRead() throws IOException {
    byte[] torn = "\nlea_1\nlea_2\nlea_3".getBytes(StandardCharsets.US_ASCII);
    byte[] file = new byte[torn.length + 100];
    System.arraycopy(torn, 0, file, 0, torn.length);
    Files.write(path(), file);

    assertThat(ids(SendLog.read(path()), "lea_1", "lea_2", "lea_3")).containsExactly("lea_1", "lea_2");
  }

  @Test
  void aFullSegmentWaitsForTheNextWhichIsAskedForOnceHalfIsUsed() throws IOException {
    SendLog log = SendLog.open(path());
    List<String> noted = new ArrayList<>();
    int asked = 0;
    int n = 0;
    String id;
    while (log.tryNote(id = String.format("lea_%020d", n++))) {
      noted.add(id);
      asked += log.wantsNextSegment() ? 1 : 0;
    }
    assertThat(asked).as("asked for the next segment once").isEqualTo(1);
    assertThat(noted.size() * 25L).isGreaterThan(SendLog.SEGMENT_BYTES - 25L);

    log.prepareNextSegment();
    assertThat(log.tryNote(id)).isTrue();
    noted.add(id);
    log.close();

    assertThat(SendLog.read(path()).size()).isEqualTo(noted.size());
    assertThat(ids(SendLog.read(path()), noted.get(0), id)).containsExactly(noted.get(0), id);
  }

  @Test
  void aMemberBackFromAFreezeAndItsSuccessorNeverWriteOverEachOther() throws IOException {
    SendLog frozen = SendLog.open(path());
    frozen.tryNote("lea_a1");
    SendLog successor = SendLog.open(path()); // took the job over while the first was frozen
    successor.tryNote("lea_b1");
    frozen.tryNote("lea_a2"); // woke up and noted one more before standing down
    successor.tryNote("lea_b2");
    frozen.close();
    successor.close();

    assertThat(ids(SendLog.read(path()), "lea_a1", "lea_a2", "lea_b1", "lea_b2"))
        .containsExactly("lea_a1", "lea_a2", "lea_b1", "lea_b2");
    assertThat(SendLog.read(path()).size()).isEqualTo(4);
  }

  @Test
  void anAbsentLogIsEmpty() throws IOException {
    assertThat(SendLog.read(dir.resolve("none.sending")).size()).isZero();
  }

  private static List<String> ids(dev.bulklaunch.input.LeadIdSet set, String... candidates) {
    List<String> present = new ArrayList<>();
    for (String candidate : candidates) {
      if (set.contains(candidate)) {
        present.add(candidate);
      }
    }
    return present;
  }
}
