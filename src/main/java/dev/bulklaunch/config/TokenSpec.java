package dev.bulklaunch.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One entry of {@code server.tokens}: a token's name, where its value is ({@code tokenFile} or {@code tokenEnv}, never
 * the value itself), and the keys it may use ({@code "*"}: every key). Errors name the token, never a value.
 *
 * @param keys the key names it may use; empty when {@code allKeys}
 */
public record TokenSpec(String name, Path tokenFile, String tokenEnv, boolean allKeys, Set<String> keys) {

  private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("^[A-Za-z0-9_-]{1,64}$");

  public TokenSpec {
    keys = Set.copyOf(keys);
  }

  /** {@code {"name": {"tokenFile": PATH} or {"tokenEnv": VAR}, "keys": [names] or "*"}, ...}}. */
  static List<TokenSpec> listFrom(Object value) {
    List<TokenSpec> tokens = new ArrayList<>();
    if (value == null) {
      return tokens;
    }
    if (!(value instanceof JsonObject object)) {
      throw new ConfigException("server.tokens: expected an object mapping each token's name to {\"tokenFile\": PATH} "
          + "or {\"tokenEnv\": VAR} and \"keys\"");
    }
    for (String name : object.fieldNames()) {
      tokens.add(from(name, object.getValue(name)));
    }
    return tokens;
  }

  private static TokenSpec from(String name, Object value) {
    if (!isName(name)) {
      throw new ConfigException("server.tokens: a token name must be 1-64 letters, digits, '_' or '-'");
    }
    String where = "server.tokens." + name;
    if (!(value instanceof JsonObject entry)) {
      throw new ConfigException(where + ": expected an object with \"tokenFile\" or \"tokenEnv\", and \"keys\"");
    }
    Object file = entry.getValue("tokenFile");
    Object variable = entry.getValue("tokenEnv");
    if ((file == null) == (variable == null) || !(file == null || file instanceof String)
        || !(variable == null || variable instanceof String)) {
      throw new ConfigException(where + ": give exactly one of \"tokenFile\" (a file holding the token) or "
          + "\"tokenEnv\" (the environment variable holding it), never the token itself");
    }
    Object keys = entry.getValue("keys");
    if ("*".equals(keys)) {
      return new TokenSpec(name, file == null ? null : Path.of((String) file), (String) variable, true, Set.of());
    }
    if (!(keys instanceof JsonArray array) || array.isEmpty()) {
      throw new ConfigException(where + ".keys: give the key names it may use, [\"acme\", ...], or \"*\" for every key");
    }
    Set<String> names = new LinkedHashSet<>();
    for (Object key : array) {
      if (!(key instanceof String keyName) || !isName(keyName)) {
        throw new ConfigException(where + ".keys: a key name must be 1-64 letters, digits, '_' or '-'");
      }
      names.add(keyName);
    }
    return new TokenSpec(name, file == null ? null : Path.of((String) file), (String) variable, false, names);
  }

  // the keyring's rule for key names, which token names follow too
  private static boolean isName(String name) {
    return NAME.matcher(name).matches();
  }
}
