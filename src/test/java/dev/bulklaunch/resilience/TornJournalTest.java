package dev.bulklaunch.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A crash mid-write leaves a torn last journal line: the re-run ignores it and does not glue its own line to it. */
class TornJournalTest {

  private static final int LEADS = 40;

  @TempDir
  Path tmp;

  @Test
  void aJournalCutMidLineIsResumedAsIfTheTornResultWereNeverWritten() throws Exception {
    try (SimulatorProbe sim = SimulatorProbe.start(new JsonObject().put("rate", "100/1s"))) {
      Workbench bench = new Workbench(tmp);
      List<String> leads = Workbench.leadIds("j", LEADS);
      Path input = bench.leadFile("leads.txt", leads);
      Path journal = tmp.resolve("journal.ndjson");
      String[] options = {"--rate", "100/1s", "--journal", journal.toString()};
      assertThat(bench.launch(sim, input, options).awaitExit(Duration.ofSeconds(30))).isZero();

      List<String> whole = NdjsonFile.lines(journal);
      String lastLine = whole.get(whole.size() - 1);
      String tornLead = new JsonObject(lastLine).getString("leadId");
      String fragment = lastLine.substring(0, lastLine.length() / 2);
      truncate(journal, Files.size(journal) - (lastLine.length() + 1) + fragment.length());

      LauncherProcess resumed = bench.launch(sim, input, options);
      assertThat(resumed.awaitExit(Duration.ofSeconds(30))).as(resumed.stderr()).isZero();

      Map<String, JsonObject> output = NdjsonFile.lastByLead(NdjsonFile.parseAll(tmp.resolve("run2.out")));
      assertThat(output).hasSize(LEADS);
      // Sent again; it answers ALREADY_LAUNCHED, and the send log shows our first request did launch it.
      assertThat(output.get(tornLead).getString("status")).as("the torn lead is sent again").isEqualTo("launched");
      assertThat(output.get(tornLead).getInteger("http")).isEqualTo(400);
      assertThat(output.values().stream().filter(r -> "RESUMED".equals(r.getString("code")))).hasSize(LEADS - 1);
      assertThat(sim.lead(tornLead).getInteger("attempts")).isEqualTo(2);
      assertThat(sim.stat("requests")).isEqualTo(LEADS + 1);

      List<String> after = NdjsonFile.lines(journal);
      assertThat(after).hasSize(LEADS + 1);
      assertThat(after.get(LEADS - 1)).as("the fragment stays alone on its line").isEqualTo(fragment);
      assertThat(new JsonObject(after.get(LEADS)).getString("leadId")).isEqualTo(tornLead);

      // The fragment is now mid-file: a third run still reads past it and sends nothing.
      assertThat(bench.launch(sim, input, options).awaitExit(Duration.ofSeconds(30))).isZero();
      assertThat(sim.stat("requests")).isEqualTo(LEADS + 1);
      assertThat(NdjsonFile.parseAll(tmp.resolve("run3.out")))
          .hasSize(LEADS).allMatch(r -> "RESUMED".equals(r.getString("code")));
    }
  }

  /**
   * A line torn inside a multi-byte character must be skipped like any torn line. (It once made every re-run fail
   * before sending anything: the journal was read with a strict UTF-8 decoder.) Non-ASCII reaches the journal
   * through lead IDs a configured leadIdPattern allows (here) or lemlist's own error messages.
   */
  @Test
  void aJournalTornInsideAMultiByteCharacterIsResumedToo() throws Exception {
    try (SimulatorProbe sim = SimulatorProbe.start(new JsonObject().put("rate", "100/1s"))) {
      Workbench bench = new Workbench(tmp);
      bench.configure("{\"leadIdPattern\": \"^lea_[\\\\p{L}0-9]{1,64}$\"}\n");
      List<String> leads = List.of("lea_caf\u00e91", "lea_caf\u00e92", "lea_caf\u00e93");
      Path input = bench.leadFile("leads.txt", leads);
      Path journal = tmp.resolve("journal.ndjson");
      String[] options = {"--rate", "100/1s", "--journal", journal.toString()};
      LauncherProcess first = bench.launch(sim, input, options);
      assertThat(first.awaitExit(Duration.ofSeconds(30))).as(first.stderr()).isZero();
      assertThat(sim.stat("launches")).isEqualTo(3);

      byte[] bytes = Files.readAllBytes(journal);
      int lastLineStart = lastIndexOf(bytes, (byte) '\n', bytes.length - 2) + 1;
      int multiByte = indexOf(bytes, (byte) 0xC3, lastLineStart);
      assertThat(multiByte).as("the last line holds a two-byte character").isPositive();
      truncate(journal, multiByte + 1);

      LauncherProcess resumed = bench.launch(sim, input, options);
      int exit = resumed.awaitExit(Duration.ofSeconds(30));

      assertThat(exit).as("re-run after a tear inside a character; stderr: " + resumed.stderr()).isZero();
      assertThat(NdjsonFile.parseAll(tmp.resolve("run2.out"))).hasSize(3);
      assertThat(sim.stat("requests")).as("only the torn lead is sent again").isEqualTo(4);
    }
  }

  private static int lastIndexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i >= 0; i--) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static void truncate(Path file, long size) throws Exception {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(size);
    }
    byte[] bytes = Files.readAllBytes(file);
    assertThat(bytes[bytes.length - 1]).isNotEqualTo((byte) '\n');
  }
}
