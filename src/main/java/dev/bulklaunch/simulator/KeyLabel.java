package dev.bulklaunch.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How the simulator names a key in its statistics: a digest, never the key. Its stats pages are plain HTTP on the
 * user's machine, and a user may point a real key at it to try a set-up.
 */
public final class KeyLabel {

  private KeyLabel() {
  }

  /** {@code key-} and the first 12 hex digits of the key's SHA-256. */
  public static String of(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "key-" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
