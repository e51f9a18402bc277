package dev.bulklaunch.input;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns one line (without its line end) into a record, or null for a line that is not a lead: blank,
 * a {@code #} comment, or the CSV header. The first data line decides whether the input is CSV.
 * Not thread-safe: one per subscription.
 */
final class LineParser {

  private static final List<String> ID_FIELDS = List.of("leadId", "_id", "id");
  private static final List<String> ID_COLUMNS = List.of("leadid", "lead_id", "_id", "id");
  private static final java.util.regex.Pattern CAMPAIGN_ID = java.util.regex.Pattern.compile("^cam_[A-Za-z0-9]{1,64}$");

  private final InputOptions options;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private boolean firstDataLineSeen;
  private CsvColumn csvColumn;

  LineParser(InputOptions options) {
    this.options = options;
  }

  InputRecord overlong(long lineNumber, byte[] bytes, int length) {
    return InputRecord.invalid(lineNumber, Preview.of(bytes, length),
        "line is longer than " + options.getMaxLineBytes() + " bytes");
  }

  InputRecord parse(long lineNumber, byte[] bytes, int length) {
    if (isBlankOrCommentAscii(bytes, length)) {
      return null;
    }
    if (containsNul(bytes, length)) {
      return InputRecord.invalid(lineNumber, Preview.of(bytes, length), "contains a NUL byte");
    }
    String text = decodeStrictly(bytes, length);
    if (text == null) {
      return InputRecord.invalid(lineNumber, Preview.of(bytes, length), "invalid UTF-8");
    }
    String trimmed = text.strip();
    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
      return null;
    }
    boolean json = trimmed.startsWith("{");
    if (!firstDataLineSeen) {
      firstDataLineSeen = true;
      if (!json) {
        csvColumn = CsvColumn.fromHeader(text, ID_COLUMNS);
        if (csvColumn != null) {
          return null;
        }
      }
    }
    if (json) {
      return fromJson(lineNumber, trimmed);
    }
    if (csvColumn != null) {
      return fromCsv(lineNumber, text);
    }
    return validated(lineNumber, trimmed);
  }

  private InputRecord fromJson(long lineNumber, String trimmed) {
    JsonObject object;
    try {
      object = new JsonObject(trimmed);
    } catch (DecodeException e) {
      return InputRecord.invalid(lineNumber, Preview.of(trimmed), "not valid JSON: " + shortReason(e));
    }
    for (String field : ID_FIELDS) {
      Object value = object.getValue(field);
      if (value == null) {
        continue;
      }
      if (!(value instanceof String id)) {
        return InputRecord.invalid(lineNumber, Preview.of(String.valueOf(value)),
            "JSON field " + field + " is not a string");
      }
      InputRecord record = validated(lineNumber, id.strip());
      // a campaign's review queue (and this tool's own output of it) names the campaign; anything else is ignored
      return object.getValue("campaignId") instanceof String campaign && CAMPAIGN_ID.matcher(campaign).matches()
          ? record.withCampaignId(campaign) : record;
    }
    return InputRecord.invalid(lineNumber, Preview.of(trimmed), "JSON object has no string field leadId, _id or id");
  }

  private InputRecord fromCsv(long lineNumber, String text) {
    String value = csvColumn.valueIn(text);
    if (value == null || value.isEmpty()) {
      return InputRecord.invalid(lineNumber, Preview.of(text.strip()),
          "CSV line has no value in column '" + csvColumn.name() + "'");
    }
    return validated(lineNumber, value);
  }

  private InputRecord validated(long lineNumber, String id) {
    if (options.getLeadIdPattern().matcher(id).matches()) {
      return InputRecord.valid(lineNumber, id);
    }
    return InputRecord.invalid(lineNumber, Preview.of(id), options.notALeadIdMessage());
  }

  private String decodeStrictly(byte[] bytes, int length) {
    if (isAscii(bytes, length)) {
      return new String(bytes, 0, length, StandardCharsets.US_ASCII);
    }
    try {
      return utf8.reset().decode(ByteBuffer.wrap(bytes, 0, length)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static String shortReason(Exception e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    String message = cause instanceof com.fasterxml.jackson.core.JsonProcessingException jackson
        ? jackson.getOriginalMessage()
        : cause.getMessage();
    if (message == null) {
      return "malformed";
    }
    String firstLine = message.lines().findFirst().orElse("malformed");
    return firstLine.length() <= 100 ? firstLine : firstLine.substring(0, 100) + "...";
  }

  private static boolean isBlankOrCommentAscii(byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r' && b != 0x0B && b != 0x0C) {
        return b == '#';
      }
    }
    return true;
  }

  private static boolean containsNul(byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      if (bytes[i] == 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean isAscii(byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      if (bytes[i] < 0) {
        return false;
      }
    }
    return true;
  }
}
