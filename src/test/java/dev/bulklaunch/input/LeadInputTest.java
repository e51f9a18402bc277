package dev.bulklaunch.input;

import static dev.bulklaunch.input.Inputs.read;
import static dev.bulklaunch.input.Inputs.validIds;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeadInputTest {

  private static final String NOT_A_LEAD_ID = "not a lead ID: expected lea_ followed by 1-64 letters or digits";

  @Test
  void plainLinesBecomeTrimmedIdsWithPhysicalLineNumbers() {
    assertThat(read("lea_1\n  lea_2  \n\tlea_3\n")).containsExactly(
        InputRecord.valid(1, "lea_1"), InputRecord.valid(2, "lea_2"), InputRecord.valid(3, "lea_3"));
  }

  @Test
  void blankAndCommentLinesAreSkippedButCounted() {
    assertThat(read("# leads for march\n\n   \n  # indented comment\nlea_a\n\t\r\nlea_b"))
        .containsExactly(InputRecord.valid(5, "lea_a"), InputRecord.valid(7, "lea_b"));
  }

  @Test
  void byteOrderMarkAtTheStartIsSkipped() {
    byte[] withBom = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "lea_1\nlea_2\n".getBytes());
    assertThat(read(withBom, 1)).containsExactly(InputRecord.valid(1, "lea_1"), InputRecord.valid(2, "lea_2"));
    assertThat(read(withBom, 100)).containsExactly(InputRecord.valid(1, "lea_1"), InputRecord.valid(2, "lea_2"));
  }

  @Test
  void byteOrderMarkLaterInTheStreamIsNotSkipped() {
    List<InputRecord> records = read("lea_1\n\uFEFFlea_2\n");
    assertThat(records.get(1).valid()).isFalse();
    assertThat(records.get(1).leadId()).isEqualTo("\uFFFDlea_2");
  }

  @Test
  void partialByteOrderMarkIsKeptAsData() {
    byte[] bytes = concat(new byte[] {(byte) 0xEF, (byte) 0xBB}, "x\n".getBytes());
    assertThat(read(bytes, 1)).singleElement().satisfies(r -> assertThat(r.problem()).isEqualTo("invalid UTF-8"));
  }

  @Test
  void crlfLineEndsAreStripped() {
    assertThat(read("lea_1\r\nlea_2\r\n\r\n# c\r\nlea_3\r\n"))
        .containsExactly(InputRecord.valid(1, "lea_1"), InputRecord.valid(2, "lea_2"), InputRecord.valid(5, "lea_3"));
  }

  @Test
  void finalLineWithoutNewlineIsALead() {
    assertThat(read("lea_1\nlea_2")).containsExactly(InputRecord.valid(1, "lea_1"), InputRecord.valid(2, "lea_2"));
    assertThat(read("lea_1\r")).containsExactly(InputRecord.valid(1, "lea_1"));
  }

  @Test
  void emptyInputGivesNoRecords() {
    assertThat(read("")).isEmpty();
    assertThat(read("\n\n")).isEmpty();
  }

  @Test
  void truncatedStreamDropsThePartialLineAndPassesTheError() {
    IOException cut = new IOException("upload cut");
    Flowable<Buffer> bytes = Flowable.just(Buffer.buffer("lea_1\nlea_12"))
        .concatWith(Flowable.error(cut));
    TestSubscriber<InputRecord> subscriber = LeadInput.records(bytes, new InputOptions()).test();
    subscriber.assertValues(InputRecord.valid(1, "lea_1")).assertError(cut);
  }

  @Test
  void truncatedStreamStillDeliversTheCompleteLinesBeforeItToASlowConsumer() {
    IOException cut = new IOException("upload cut");
    Flowable<Buffer> bytes = Flowable.just(Buffer.buffer("lea_1\nlea_2\nlea_3\nlea_4")).concatWith(Flowable.error(cut));
    TestSubscriber<InputRecord> subscriber = LeadInput.records(bytes, new InputOptions()).test(1);
    subscriber.assertValues(InputRecord.valid(1, "lea_1")).assertNoErrors();
    subscriber.request(1);
    subscriber.request(1);
    subscriber.assertValueCount(3).assertError(cut);
  }

  @Test
  void truncatedStreamAfterAnOverlongStartStillEndsWithTheError() {
    IOException cut = new IOException("upload cut");
    Flowable<Buffer> bytes = Flowable.just(Buffer.buffer("x".repeat(20))).concatWith(Flowable.error(cut));
    LeadInput.records(bytes, new InputOptions().setMaxLineBytes(10)).test()
        .assertValueCount(1)
        .assertError(cut);
  }

  @Test
  void jsonLineGivesLeadIdThenUnderscoreIdThenId() {
    assertThat(read("""
        {"leadId":"lea_a","_id":"lea_b","id":"lea_c"}
        {"_id":"lea_b","id":"lea_c"}
        {"id":"lea_c","email":"x@y.z"}
          { "leadId" : " lea_d " }
        """)).containsExactly(InputRecord.valid(1, "lea_a"), InputRecord.valid(2, "lea_b"),
        InputRecord.valid(3, "lea_c"), InputRecord.valid(4, "lea_d"));
  }

  @Test
  void jsonLineWithoutAnIdFieldIsInvalid() {
    assertThat(read("{\"email\":\"a@b.c\"}\n")).singleElement()
        .satisfies(r -> assertThat(r.problem()).isEqualTo("JSON object has no string field leadId, _id or id"));
  }

  @Test
  void jsonIdFieldThatIsNotAStringIsInvalidAndDoesNotFallThrough() {
    assertThat(read("{\"leadId\":42,\"id\":\"lea_ok\"}\n")).singleElement()
        .satisfies(r -> assertThat(r.problem()).isEqualTo("JSON field leadId is not a string"));
  }

  @Test
  void malformedJsonIsInvalidWithAShortReason() {
    InputRecord record = read("{\"leadId\": \"lea_1\"\n").get(0);
    assertThat(record.valid()).isFalse();
    assertThat(record.problem()).startsWith("not valid JSON: ").hasSizeLessThan(130).doesNotContain("\n");
    assertThat(read("{\"leadId\":\"lea_1\"} trailing\n").get(0).valid()).isFalse();
  }

  @Test
  void jsonIdIsValidatedLikeAnyOther() {
    assertThat(read("{\"leadId\":\"lea_../x\"}\n").get(0).problem()).isEqualTo(NOT_A_LEAD_ID);
  }

  @Test
  void csvHeaderSelectsTheLeadIdColumn() {
    assertThat(read("""
        email,leadId,name
        a@b.c,lea_1,Ann
        # comment

        d@e.f, lea_2 ,"Smith, Bob"
        """)).containsExactly(InputRecord.valid(2, "lea_1"), InputRecord.valid(5, "lea_2"));
  }

  @Test
  void csvHeaderMatchesAnyCaseAndQuotes() {
    assertThat(validIds(read("\"Email\",\" LEAD_ID \"\nx,lea_1\n"))).containsExactly("lea_1");
    assertThat(validIds(read("name,ID\nx,lea_1\n"))).containsExactly("lea_1");
    assertThat(validIds(read("_Id\nlea_1\n"))).containsExactly("lea_1");
  }

  @Test
  void csvHeaderPrefersLeadIdOverOtherIdColumns() {
    assertThat(validIds(read("id,_id,lead_id,LeadId\nlea_a,lea_b,lea_c,lea_d\n"))).containsExactly("lea_d");
    assertThat(validIds(read("id,_id,lead_id\nlea_a,lea_b,lea_c\n"))).containsExactly("lea_c");
  }

  @Test
  void csvHeaderIsOnlyTheFirstDataLine() {
    List<InputRecord> records = read("# export\n\nlea_1\nemail,leadId\n");
    assertThat(records).extracting(InputRecord::valid).containsExactly(true, false);
  }

  @Test
  void csvQuotedFieldsKeepSeparatorsAndDoubledQuotes() {
    assertThat(validIds(read("name,leadId\n\"Doe, \"\"JD\"\" John\",\"lea_q\"\n"))).containsExactly("lea_q");
  }

  @Test
  void csvWithSemicolonsOrTabsWhenTheHeaderHasNoComma() {
    assertThat(validIds(read("email;leadId\na@b.c;lea_1\n"))).containsExactly("lea_1");
    assertThat(validIds(read("email\tleadId\na@b.c\tlea_1\n\tlea_2\n"))).containsExactly("lea_1", "lea_2");
  }

  @Test
  void csvLineWithTooFewColumnsIsInvalid() {
    assertThat(read("email,name,leadId\na@b.c,Ann\nx,y,\n")).extracting(InputRecord::problem).containsExactly(
        "CSV line has no value in column 'leadId'", "CSV line has no value in column 'leadId'");
  }

  @Test
  void csvValueIsValidated() {
    assertThat(read("leadId,x\nlea_a/b,1\n").get(0).problem()).isEqualTo(NOT_A_LEAD_ID);
  }

  @Test
  void nonHeaderFirstLineMeansEveryLineIsAnId() {
    assertThat(read("lea_1,lea_2\nlea_3\n")).extracting(InputRecord::valid).containsExactly(false, true);
  }

  @Test
  void pathLikeAndMalformedIdsAreInvalid() {
    List<String> bad = List.of("lea_../x", "lea_a/b", "../../campaigns", "lea_", "lea_a b", "LEA_abc", "lea_a?x=1",
        "lea_" + "a".repeat(65), "cam_123", "lea_é");
    List<InputRecord> records = read(String.join("\n", bad));
    assertThat(records).hasSize(bad.size()).allSatisfy(r -> assertThat(r.problem()).isEqualTo(NOT_A_LEAD_ID));
    assertThat(records).extracting(InputRecord::leadId).containsExactlyElementsOf(bad);
  }

  @Test
  void longestValidIdIsAccepted() {
    String id = "lea_" + "Z9".repeat(32);
    assertThat(read(id)).containsExactly(InputRecord.valid(1, id));
  }

  @Test
  void customPatternIsUsedAndNamedInTheMessage() {
    InputOptions options = new InputOptions().setLeadIdPattern("^L\\d+$");
    List<InputRecord> records = Inputs.read(Inputs.chunked("L12\nlea_1\n".getBytes(), 3), options);
    assertThat(records.get(0)).isEqualTo(InputRecord.valid(1, "L12"));
    assertThat(records.get(1).problem()).isEqualTo("not a lead ID: does not match ^L\\d+$");
  }

  @Test
  void overlongLineIsOneInvalidRecordWithAPreviewAndTheNextLineStillReads() {
    String tenKb = "lea_" + "x".repeat(10_000);
    for (int chunk : new int[] {1, 7, 4096, 1 << 20}) {
      List<InputRecord> records = read((tenKb + "\nlea_next\n").getBytes(), chunk);
      assertThat(records).hasSize(2);
      assertThat(records.get(0).line()).isEqualTo(1);
      assertThat(records.get(0).problem()).isEqualTo("line is longer than 4096 bytes");
      assertThat(records.get(0).leadId()).hasSize(80).startsWith("lea_xxx");
      assertThat(records.get(1)).isEqualTo(InputRecord.valid(2, "lea_next"));
    }
  }

  @Test
  void lineOfExactlyMaxBytesIsNotOverlongEvenWithCrlf() {
    InputOptions options = new InputOptions().setMaxLineBytes(8);
    List<InputRecord> records = Inputs.read(Inputs.chunked("lea_1234\r\nlea_12345\r\nlea_9\n".getBytes(), 1), options);
    assertThat(records).extracting(InputRecord::problem)
        .containsExactly(null, "line is longer than 8 bytes", null);
  }

  @Test
  void overlongFinalLineWithoutNewlineIsReportedOnce() {
    InputOptions options = new InputOptions().setMaxLineBytes(8);
    assertThat(Inputs.read(Inputs.chunked("lea_123456789".getBytes(), 2), options))
        .extracting(InputRecord::problem).containsExactly("line is longer than 8 bytes");
  }

  @Test
  void hugeLineWithoutNewlineStreamsInBoundedMemory() {
    byte[] megabyte = new byte[1 << 20];
    java.util.Arrays.fill(megabyte, (byte) 'a');
    long chunks = 512; // 512 MB of one line, far beyond what is kept
    List<InputRecord> records = LeadInput.records(
            Flowable.rangeLong(0, chunks).map(i -> Buffer.buffer(megabyte)), new InputOptions())
        .toList().blockingGet();
    assertThat(records).singleElement()
        .satisfies(r -> assertThat(r.problem()).isEqualTo("line is longer than 4096 bytes"));
  }

  @Test
  void nulByteMakesTheLineInvalid() {
    InputRecord record = read("lea_1\u0000x\nlea_2\n").get(0);
    assertThat(record.problem()).isEqualTo("contains a NUL byte");
    assertThat(record.leadId()).isEqualTo("lea_1\uFFFDx");
  }

  @Test
  void invalidUtf8MakesTheLineInvalidWithAPrintablePreview() {
    byte[] bytes = concat("lea_".getBytes(), new byte[] {(byte) 0xC3, (byte) 0x28, '\n'}, "lea_2\n".getBytes());
    List<InputRecord> records = read(bytes, 2);
    assertThat(records.get(0).problem()).isEqualTo("invalid UTF-8");
    assertThat(records.get(0).leadId()).isEqualTo("lea_\uFFFD(");
    assertThat(records.get(1)).isEqualTo(InputRecord.valid(2, "lea_2"));
  }

  @Test
  void commentWithInvalidUtf8IsStillAComment() {
    byte[] bytes = concat("# caf".getBytes(), new byte[] {(byte) 0xE9, '\n'}, "lea_1\n".getBytes());
    assertThat(read(bytes, 3)).containsExactly(InputRecord.valid(2, "lea_1"));
  }

  @Test
  void previewReplacesControlCharactersAndIsAtMost80Chars() {
    InputRecord record = read("lea_\u001b[31mred\u0007 " + "y".repeat(200) + "\n").get(0);
    assertThat(record.leadId()).hasSizeLessThanOrEqualTo(80).doesNotContain("\u001b", "\u0007")
        .startsWith("lea_\uFFFD[31mred\uFFFD");
  }

  @Test
  void tenMillionBlankLinesStreamWithoutTrouble() {
    byte[] blanks = new byte[1_000_000];
    java.util.Arrays.fill(blanks, (byte) '\n');
    List<InputRecord> records = LeadInput.records(
            Flowable.range(0, 10).map(i -> Buffer.buffer(blanks)).concatWith(Flowable.just(Buffer.buffer("lea_end"))),
            new InputOptions())
        .toList().blockingGet();
    assertThat(records).containsExactly(InputRecord.valid(10_000_001, "lea_end"));
  }

  @Test
  void millionsOfChunksWithoutARecordDoNotGrowTheStack() {
    Buffer newline = Buffer.buffer("\n");
    Buffer comment = Buffer.buffer("#");
    List<InputRecord> records = LeadInput.records(
            Flowable.range(0, 2_000_000).map(i -> i % 2 == 0 ? comment : newline)
                .concatWith(Flowable.just(Buffer.buffer("lea_end"))),
            new InputOptions())
        .toList().blockingGet();
    assertThat(records).containsExactly(InputRecord.valid(1_000_001, "lea_end"));
  }

  @Test
  void recordsCanBeSubscribedTwice() {
    Flowable<InputRecord> records = LeadInput.records(Flowable.just(Buffer.buffer("id\nlea_1\n")), new InputOptions());
    assertThat(records.toList().blockingGet()).isEqualTo(records.toList().blockingGet()).hasSize(1);
  }

  @Test
  void recordsHonourDownstreamDemand() {
    Flowable<Buffer> bytes = Flowable.just(Buffer.buffer("lea_1\nlea_2\nlea_3\n".getBytes(StandardCharsets.UTF_8)));
    TestSubscriber<InputRecord> subscriber = LeadInput.records(bytes, new InputOptions()).test(1);
    subscriber.assertValues(InputRecord.valid(1, "lea_1")).assertNotComplete();
    subscriber.request(5);
    subscriber.assertValueCount(3).assertComplete();
  }

  static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
