package dev.bulklaunch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownReportTest {

  private static final String BLOCK = MarkdownReport.BEGIN + "\nnew table\n" + MarkdownReport.END + "\n";

  @Test
  void aRerunReplacesOnlyTheGeneratedSection() {
    String existing = "# Benchmarks\n\nintro\n\n" + MarkdownReport.BEGIN + "\nold table\n" + MarkdownReport.END + "\n\n## Notes\n\nby hand\n";

    assertThat(MarkdownReport.merge(existing, BLOCK))
        .isEqualTo("# Benchmarks\n\nintro\n\n" + BLOCK + "\n## Notes\n\nby hand\n");
  }

  @Test
  void aFileWithoutMarkersIsWrittenAfresh() {
    assertThat(MarkdownReport.merge("", BLOCK)).isEqualTo("# Benchmarks\n\n" + BLOCK);
  }
}
