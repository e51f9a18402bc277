package dev.bulklaunch.config;

import java.util.regex.Pattern;

/**
 * Errors about an environment variable named in the config ({@code apiKeyEnv}, {@code tokenEnv}): a secret pasted
 * where the variable's name belongs must not come back on stderr, so only a name written the way variables are
 * (upper case, digits, '_') is quoted.
 */
public final class EnvNames {

  private static final Pattern CONVENTIONAL = Pattern.compile("[A-Z_][A-Z0-9_]{0,63}");

  private EnvNames() {
  }

  /** "the environment variable NAME", or a description that does not repeat what was given. */
  public static String describe(String name) {
    return name != null && CONVENTIONAL.matcher(name).matches() ? "the environment variable " + name
        : "the environment variable named there (not shown: it is not written like a variable's name, e.g. ACME_KEY; "
            + "was the secret itself pasted there?)";
  }
}
