package dev.bulklaunch.lemlist;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** The lemlist API key. Its text leaves this object only to build the Authorization header. */
public final class ApiKey {

  private final String value;

  private ApiKey(String value) {
    this.value = value;
  }

  public static ApiKey of(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("the API key is empty");
    }
    String trimmed = value.strip();
    if (trimmed.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw new IllegalArgumentException("the API key contains spaces or characters that cannot go in an HTTP header");
    }
    return new ApiKey(trimmed);
  }

  /** The Authorization header lemlist expects: Basic, an empty user name and the key as password. */
  public String basicAuthorization() {
    return "Basic " + Base64.getEncoder().encodeToString((":" + value).getBytes(StandardCharsets.UTF_8));
  }

  /** A digest that names this key on this API root, for keying per-key state without holding the key elsewhere. */
  public String fingerprint(String baseUrl) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest((baseUrl + "\n" + value).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "ApiKey[redacted]";
  }
}
