package dev.bulklaunch.input;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lead ID column of a CSV input, found in its header. Fields follow RFC 4180 within one line:
 * a field in double quotes may hold the separator and doubled quotes.
 */
record CsvColumn(String name, int index, char separator) {

  /** The ID column if {@code header} is a CSV header naming one of {@code wanted} (lower case, by preference). */
  static CsvColumn fromHeader(String header, List<String> wanted) {
    char separator = separatorOf(header);
    List<String> names = fields(header, separator);
    for (String candidate : wanted) {
      for (int i = 0; i < names.size(); i++) {
        if (names.get(i).toLowerCase(Locale.ROOT).equals(candidate)) {
          return new CsvColumn(names.get(i), i, separator);
        }
      }
    }
    return null;
  }

  /** The trimmed value in this column, or null when the line has too few columns. */
  String valueIn(String line) {
    List<String> values = fields(line, separator);
    return index < values.size() ? values.get(index) : null;
  }

  private static char separatorOf(String header) {
    if (header.indexOf(',') >= 0) {
      return ',';
    }
    if (header.indexOf(';') >= 0) {
      return ';';
    }
    return header.indexOf('\t') >= 0 ? '\t' : ',';
  }

  static List<String> fields(String line, char separator) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    int n = line.length();
    while (true) {
      field.setLength(0);
      while (i < n && line.charAt(i) != separator && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      if (i < n && line.charAt(i) == '"') {
        i++;
        while (i < n) {
          char c = line.charAt(i++);
          if (c == '"') {
            if (i < n && line.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              break;
            }
          } else {
            field.append(c);
          }
        }
      }
      while (i < n && line.charAt(i) != separator) {
        field.append(line.charAt(i++));
      }
      fields.add(field.toString().strip());
      if (i >= n) {
        return fields;
      }
      i++;
    }
  }
}
