package dev.bulklaunch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

  private final Table table = new Table(List.of("scenario", "leads", "result"))
      .row(List.of("solo-fixed", "1500", "PASS"))
      .row(List.of("real", "300", "FAIL"));

  @Test
  void textAlignsNamesLeftAndFiguresRight() {
    assertThat(table.text()).isEqualTo(
        "scenario    leads  result\n"
      + "solo-fixed   1500    PASS\n"
      + "real          300    FAIL\n");
  }

  @Test
  void markdownHasAHeaderRuleWithRightAlignedFigures() {
    assertThat(table.markdown()).isEqualTo(
        "| scenario | leads | result |\n"
      + "|---|---:|---:|\n"
      + "| solo-fixed | 1500 | PASS |\n"
      + "| real | 300 | FAIL |\n");
  }

  @Test
  void aPipeInACellIsEscapedInMarkdown() {
    assertThat(new Table(List.of("a")).row(List.of("x|y")).markdown()).contains("| x\\|y |");
  }

  @Test
  void aRowOfTheWrongWidthIsRefused() {
    assertThatThrownBy(() -> table.row(List.of("only one"))).isInstanceOf(IllegalArgumentException.class);
  }
}
