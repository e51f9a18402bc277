package dev.bulklaunch.input;

import java.util.Objects;
import java.util.regex.Pattern;

/** How lead input is read. Fluent setters, Vert.x options style. */
public final class InputOptions {

  public static final Pattern DEFAULT_LEAD_ID_PATTERN = Pattern.compile("^lea_[A-Za-z0-9]{1,64}$");
  public static final int DEFAULT_MAX_LINE_BYTES = 4096;
  public static final int DEFAULT_CHUNK_BYTES = 64 * 1024;

  private Pattern leadIdPattern = DEFAULT_LEAD_ID_PATTERN;
  private int maxLineBytes = DEFAULT_MAX_LINE_BYTES;
  private int chunkBytes = DEFAULT_CHUNK_BYTES;

  public Pattern getLeadIdPattern() {
    return leadIdPattern;
  }

  public InputOptions setLeadIdPattern(Pattern leadIdPattern) {
    this.leadIdPattern = Objects.requireNonNull(leadIdPattern, "leadIdPattern");
    return this;
  }

  public InputOptions setLeadIdPattern(String regex) {
    return setLeadIdPattern(Pattern.compile(regex));
  }

  public int getMaxLineBytes() {
    return maxLineBytes;
  }

  public InputOptions setMaxLineBytes(int maxLineBytes) {
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes must be at least 1");
    }
    this.maxLineBytes = maxLineBytes;
    return this;
  }

  public int getChunkBytes() {
    return chunkBytes;
  }

  public InputOptions setChunkBytes(int chunkBytes) {
    if (chunkBytes < 1) {
      throw new IllegalArgumentException("chunkBytes must be at least 1");
    }
    this.chunkBytes = chunkBytes;
    return this;
  }

  /** The message for an ID that does not match: readable for the default pattern, the regex otherwise. */
  String notALeadIdMessage() {
    if (leadIdPattern.pattern().equals(DEFAULT_LEAD_ID_PATTERN.pattern())) {
      return "not a lead ID: expected lea_ followed by 1-64 letters or digits";
    }
    return "not a lead ID: does not match " + leadIdPattern.pattern();
  }
}
