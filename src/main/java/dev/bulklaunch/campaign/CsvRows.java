package dev.bulklaunch.campaign;

import java.util.ArrayList;
import java.util.List;

/**
 * The CSV form of an export, one line at a time: the header row says which columns hold {@code _id},
 * {@code status} and {@code emailStatus}; every other column is skipped unread. Quoted fields follow RFC 4180
 * within one line. Not thread-safe.
 */
final class CsvRows {

  private int idColumn = -1;
  private int statusColumn = -1;
  private int emailStatusColumn = -1;
  private boolean headerSeen;

  /** The lead of this line, or null for the header, a blank line or a line without an ID. */
  ExportedLead lead(String line) {
    String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    if (text.isBlank()) {
      return null;
    }
    List<String> fields = fields(headerSeen ? text : stripBom(text));
    if (!headerSeen) {
      headerSeen = true;
      idColumn = fields.indexOf("_id");
      statusColumn = fields.indexOf("status");
      emailStatusColumn = fields.indexOf("emailStatus");
      if (idColumn < 0) {
        throw new IllegalStateException("the CSV export has no _id column");
      }
      return null;
    }
    return new ExportedLead(field(fields, idColumn), field(fields, statusColumn), field(fields, emailStatusColumn));
  }

  private static String field(List<String> fields, int index) {
    if (index < 0 || index >= fields.size()) {
      return null;
    }
    String value = fields.get(index).strip();
    return value.isEmpty() ? null : value;
  }

  private static String stripBom(String text) {
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
