package dev.bulklaunch.result;

import dev.bulklaunch.lemlist.ErrorCodes;
import java.util.Set;

/**
 * Which failures are the lead's last word. Timeouts, lost connections, 5xx, 429 exhaustion, aborted leads and
 * answers that were not lemlist's (a portal's page, a redirect, a code-less 404) are not: a re-run with the same
 * journal tries them again. Everything lemlist refused on purpose is.
 */
public final class FinalCodes {

  private static final Set<String> NOT_FINAL = Set.of(
      ErrorCodes.TIMEOUT, ErrorCodes.NETWORK_ERROR, ErrorCodes.ABORTED, ErrorCodes.TOO_MANY_429,
      ErrorCodes.UNEXPECTED_ANSWER, ErrorCodes.http(404), ErrorCodes.http(401), ErrorCodes.http(403), ErrorCodes.http(405), ErrorCodes.http(408), ErrorCodes.http(429));

  private FinalCodes() {
  }

  public static boolean isFinal(String code) {
    if (code == null) {
      return true;
    }
    return !NOT_FINAL.contains(code) && !code.matches("HTTP_[35]\\d\\d") && !code.contains("PLAN");
  }
}
