package dev.bulklaunch.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class LeadInputPropertiesTest {

  /** Bytes rich in the characters the reader cares about, plus arbitrary binary. */
  @Provide
  Arbitrary<byte[]> inputBytes() {
    Arbitrary<Byte> interesting = Arbitraries.of((byte) '\n', (byte) '\r', (byte) '#', (byte) ' ', (byte) ',',
        (byte) ';', (byte) '\t', (byte) '"', (byte) '{', (byte) '}', (byte) ':', (byte) 0, (byte) 0xEF, (byte) 0xBB,
        (byte) 0xBF, (byte) 0xC3, (byte) 0xA9, (byte) 'l', (byte) 'e', (byte) 'a', (byte) '_', (byte) '1');
    Arbitrary<byte[]> fragments = Arbitraries.of("lea_", "lea_X9", "leadId", "id", "{\"id\":\"lea_j\"}", "\r\n",
        "\n", "# c\n", "\uFEFF").map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> single = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, interesting.map(b -> new byte[] {b})),
        net.jqwik.api.Tuple.of(2, Arbitraries.bytes().map(b -> new byte[] {b})),
        net.jqwik.api.Tuple.of(2, fragments));
    return single.list().ofMaxSize(300).map(LeadInputPropertiesTest::join);
  }

  @Property
  void recordsDoNotDependOnHowTheBytesAreChunked(@ForAll("inputBytes") byte[] bytes,
      @ForAll @Size(max = 20) List<@IntRange(min = 0, max = 2000) Integer> cuts,
      @ForAll @IntRange(min = 1, max = 40) int maxLineBytes) {
    InputOptions options = new InputOptions().setMaxLineBytes(maxLineBytes);
    List<InputRecord> whole = Inputs.read(Inputs.chunked(bytes, Integer.MAX_VALUE), options);
    assertThat(Inputs.read(Inputs.chunked(bytes, 1), options)).isEqualTo(whole);
    assertThat(Inputs.read(Inputs.cutAt(bytes, cuts), options)).isEqualTo(whole);
  }

  @Property
  void everyValidRecordMatchesThePatternAndEveryPreviewIsSafe(@ForAll("inputBytes") byte[] bytes) {
    List<InputRecord> records = Inputs.read(bytes, 7);
    long previousLine = 0;
    for (InputRecord record : records) {
      if (record.valid()) {
        assertThat(record.leadId()).matches(InputOptions.DEFAULT_LEAD_ID_PATTERN);
      } else {
        assertThat(record.problem()).isNotBlank();
        assertThat(record.leadId()).hasSizeLessThanOrEqualTo(80)
            .matches(s -> s.chars().noneMatch(Character::isISOControl), "has no control characters");
      }
      assertThat(record.line()).isGreaterThan(previousLine);
      previousLine = record.line();
    }
  }

  @Provide
  Arbitrary<List<String>> leadsBlanksAndComments() {
    Arbitrary<String> id = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(64).map(s -> "lea_" + s);
    Arbitrary<String> padded = Combinators.combine(id, Arbitraries.of("", " ", "\t", "  ")).as((i, pad) -> pad + i + pad);
    Arbitrary<String> blank = Arbitraries.of("", " ", "\t", "   \t ");
    Arbitrary<String> comment = Arbitraries.strings().ofMaxLength(30).filter(s -> s.indexOf('\n') < 0 && s.indexOf('\r') < 0)
        .map(s -> "# " + s);
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, padded), net.jqwik.api.Tuple.of(2, blank),
        net.jqwik.api.Tuple.of(1, comment)).list().ofMaxSize(200);
  }

  @Property
  void validRecordsAreExactlyTheIdsInOrderWithTheirLineNumbers(@ForAll("leadsBlanksAndComments") List<String> lines,
      @ForAll boolean crlf, @ForAll boolean finalNewline, @ForAll @IntRange(min = 1, max = 64) int chunkSize) {
    String text = String.join(crlf ? "\r\n" : "\n", lines) + (finalNewline && !lines.isEmpty() ? "\n" : "");
    List<InputRecord> expected = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String trimmed = lines.get(i).strip();
      if (trimmed.startsWith("lea_")) {
        expected.add(InputRecord.valid(i + 1, trimmed));
      }
    }
    assertThat(Inputs.read(text.getBytes(StandardCharsets.UTF_8), chunkSize)).isEqualTo(expected);
  }

  private static byte[] join(List<byte[]> parts) {
    return LeadInputTest.concat(parts.toArray(byte[][]::new));
  }
}
