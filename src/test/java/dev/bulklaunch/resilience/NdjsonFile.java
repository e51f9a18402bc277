package dev.bulklaunch.resilience;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a journal or a captured stdout: one JSON object per line. */
final class NdjsonFile {

  private NdjsonFile() {
  }

  /** Complete lines only: a line still being written (no newline yet) is not counted. */
  static List<String> lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    if (end < 0) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    for (String line : text.substring(0, end).split("\n", -1)) {
      if (!line.isBlank()) {
        lines.add(line);
      }
    }
    return lines;
  }

  static int countLines(Path file) {
    try {
      return lines(file).size();
    } catch (IOException e) {
      return 0;
    }
  }

  /** Every line parsed; a line that is not a JSON object with a leadId and a status fails the test. */
  static List<JsonObject> parseAll(Path file) throws IOException {
    List<JsonObject> results = new ArrayList<>();
    for (String line : lines(file)) {
      results.add(parse(line, file));
    }
    return results;
  }

  static JsonObject parse(String line, Path file) {
    try {
      JsonObject result = new JsonObject(line);
      if (result.getString("leadId") == null || result.getString("status") == null) {
        throw new AssertionError(file.getFileName() + ": line without leadId or status: " + line);
      }
      return result;
    } catch (DecodeException e) {
      throw new AssertionError(file.getFileName() + ": unparseable line: " + line, e);
    }
  }

  /** The last result of each lead, in first-seen order. */
  static Map<String, JsonObject> lastByLead(List<JsonObject> results) {
    Map<String, JsonObject> last = new LinkedHashMap<>();
    results.forEach(r -> last.put(r.getString("leadId"), r));
    return last;
  }
}
