package dev.bulklaunch.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/** lemlist's Basic auth: the user name is ignored (normally empty) and the password is the API key. */
final class ApiKeyAuth {

  private final Set<String> allowedKeys;

  ApiKeyAuth(Set<String> allowedKeys) {
    this.allowedKeys = allowedKeys;
  }

  /** The API key the header carries, or {@code null} when the request must be answered 401. */
  String keyFrom(String authorization) {
    String key = keyIn(authorization);
    if (key == null || (!allowedKeys.isEmpty() && !allowedKeys.contains(key))) {
      return null;
    }
    return key;
  }

  static String keyIn(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0 || colon == decoded.length() - 1) {
      return null;
    }
    return decoded.substring(colon + 1);
  }
}
