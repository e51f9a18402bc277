package dev.bulklaunch.bench;

import java.util.ArrayList;
import java.util.List;

/** A plain table rendered as aligned text for the terminal or as a Markdown table for the docs. */
final class Table {

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  Table(List<String> headers) {
    this.headers = List.copyOf(headers);
  }

  Table row(List<String> cells) {
    if (cells.size() != headers.size()) {
      throw new IllegalArgumentException("row has " + cells.size() + " cells, table has " + headers.size() + " columns");
    }
    rows.add(List.copyOf(cells));
    return this;
  }

  String text() {
    int[] widths = new int[headers.size()];
    for (List<String> line : allLines()) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> line : allLines()) {
      StringBuilder row = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        row.append(i == 0 ? pad(line.get(i), widths[i]) : padLeft(line.get(i), widths[i]));
        if (i < widths.length - 1) {
          row.append("  ");
        }
      }
      out.append(row.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  String markdown() {
    StringBuilder out = new StringBuilder();
    out.append(markdownRow(headers));
    out.append("|---").append("|---:".repeat(headers.size() - 1)).append("|\n");
    rows.forEach(row -> out.append(markdownRow(row)));
    return out.toString();
  }

  private List<List<String>> allLines() {
    List<List<String>> lines = new ArrayList<>();
    lines.add(headers);
    lines.addAll(rows);
    return lines;
  }

  private static String markdownRow(List<String> cells) {
    return "| " + String.join(" | ", cells.stream().map(c -> c.replace("|", "\\|")).toList()) + " |\n";
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(width - text.length());
  }

  private static String padLeft(String text, int width) {
    return " ".repeat(width - text.length()) + text;
  }
}
