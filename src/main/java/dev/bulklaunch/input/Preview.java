package dev.bulklaunch.input;

import java.nio.charset.StandardCharsets;

/** A short, printable rendering of untrusted input, safe in JSON output and on terminals. */
final class Preview {

  static final int MAX_CHARS = 80;
  private static final char REPLACEMENT = '\uFFFD';

  private Preview() {
  }

  static String of(byte[] bytes, int length) {
    // 4 bytes per char at most, so this many bytes always give MAX_CHARS chars when there are enough
    int window = Math.min(length, MAX_CHARS * 4);
    return of(new String(bytes, 0, window, StandardCharsets.UTF_8));
  }

  static String of(String text) {
    StringBuilder preview = new StringBuilder(Math.min(text.length(), MAX_CHARS));
    int i = 0;
    while (i < text.length()) {
      int codePoint = text.codePointAt(i);
      int width = Character.charCount(codePoint);
      if (preview.length() + width > MAX_CHARS) {
        break;
      }
      if (isPrintable(codePoint)) {
        preview.appendCodePoint(codePoint);
      } else {
        preview.append(REPLACEMENT);
      }
      i += width;
    }
    return preview.toString();
  }

  private static boolean isPrintable(int codePoint) {
    return switch (Character.getType(codePoint)) {
      case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> false;
      default -> true;
    };
  }
}
