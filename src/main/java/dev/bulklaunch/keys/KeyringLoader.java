package dev.bulklaunch.keys;

import dev.bulklaunch.config.ConfigException;
import dev.bulklaunch.config.LauncherConfig;
import dev.bulklaunch.lemlist.ApiKey;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the {@link Keyring} from its three sources, later ones winning a name: the config's {@code keys} object
 * ({@code {"acme": {"apiKeyFile": "..."}, "beta": {"apiKeyEnv": "BETA_KEY"}}}), {@code LEMLIST_API_KEYS}
 * ({@code name=KEY,name2=KEY2}), and the single key ({@code LEMLIST_API_KEY} / {@code --api-key-file}) as
 * {@value Keyring#DEFAULT}. Every error names the source and the key's name, never a key's text.
 */
public final class KeyringLoader {

  /** What {@code --simulate} and {@code --dry-run} send as the default key: the simulator takes any key. */
  public static final String DEMO_KEY = "simulator-demo-key";

  private KeyringLoader() {
  }

  public static Keyring load(LauncherConfig config) {
    return load(config, System::getenv);
  }

  /** @param env the environment, for the {@code apiKeyEnv} entries */
  public static Keyring load(LauncherConfig config, Function<String, String> env) {
    Map<String, ApiKey> keys = new LinkedHashMap<>();
    ApiKey single = singleKey(config);
    if (single != null) {
      keys.put(Keyring.DEFAULT, single);
    }
    Map<String, ApiKey> named = new LinkedHashMap<>(fromConfig(config.keys(), env));
    named.putAll(fromList(config.apiKeys()));
    named.forEach((name, key) -> {
      if (!(single != null && name.equals(Keyring.DEFAULT))) {
        keys.put(name, key);
      }
    });
    if (keys.isEmpty()) {
      throw new ConfigException("no API key: set LEMLIST_API_KEY, pass --api-key-file FILE, or name several with "
          + "LEMLIST_API_KEYS=name=KEY,... (or try --simulate)");
    }
    return new Keyring(keys);
  }

  /**
   * The keyring of a run against the built-in simulator (or of a dry run): the same names, each with a demo key of
   * its own (so each has its own limit there), and no real key read or sent anywhere.
   */
  public static Keyring forSimulator(LauncherConfig config) {
    Map<String, ApiKey> keys = new LinkedHashMap<>();
    keys.put(Keyring.DEFAULT, ApiKey.of(DEMO_KEY));
    for (String name : config.keys() == null ? java.util.Set.<String>of() : config.keys().fieldNames()) {
      keys.put(checkName(name, "config \"keys\""), ApiKey.of(DEMO_KEY + "-" + name));
    }
    fromList(config.apiKeys()).keySet().forEach(name -> keys.put(name, ApiKey.of(DEMO_KEY + "-" + name)));
    keys.put(Keyring.DEFAULT, ApiKey.of(DEMO_KEY));
    return new Keyring(keys);
  }

  private static ApiKey singleKey(LauncherConfig config) {
    String text = config.apiKey();
    if (config.apiKeyFile() != null) {
      text = readFile(config.apiKeyFile(), "--api-key-file");
    }
    if (text == null || text.isBlank()) {
      return null;
    }
    return parseKey(text, "API key (LEMLIST_API_KEY / --api-key-file)");
  }

  /** {@code name=KEY,name2=KEY2}; a key may itself hold '=' (only the first one splits). */
  static Map<String, ApiKey> fromList(String list) {
    Map<String, ApiKey> keys = new LinkedHashMap<>();
    if (list == null || list.isBlank()) {
      return keys;
    }
    String[] entries = list.split(",");
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].strip();
      if (entry.isEmpty()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq < 0) {
        throw new ConfigException("LEMLIST_API_KEYS: entry " + (i + 1) + " has no '=': write name=KEY,name2=KEY2");
      }
      String name = checkName(entry.substring(0, eq).strip(), "LEMLIST_API_KEYS entry " + (i + 1));
      if (keys.containsKey(name)) {
        throw new ConfigException("LEMLIST_API_KEYS: key '" + name + "' is given twice");
      }
      keys.put(name, parseKey(entry.substring(eq + 1), "LEMLIST_API_KEYS key '" + name + "'"));
    }
    return keys;
  }

  private static Map<String, ApiKey> fromConfig(JsonObject config, Function<String, String> env) {
    Map<String, ApiKey> keys = new LinkedHashMap<>();
    if (config == null) {
      return keys;
    }
    for (String name : config.fieldNames()) {
      String where = "config \"keys\"." + checkName(name, "config \"keys\"");
      if (!(config.getValue(name) instanceof JsonObject entry)) {
        throw new ConfigException(where + ": expected an object with \"apiKeyFile\" or \"apiKeyEnv\"");
      }
      String file = entry.getString("apiKeyFile");
      String variable = entry.getString("apiKeyEnv");
      if ((file == null) == (variable == null)) {
        throw new ConfigException(where + ": give exactly one of \"apiKeyFile\" (a file holding the key) or "
            + "\"apiKeyEnv\" (the environment variable holding it)");
      }
      String text = file != null ? readFile(Path.of(file), where + ".apiKeyFile") : env.apply(variable);
      if (text == null || text.isBlank()) {
        throw new ConfigException(where + ".apiKeyEnv: " + dev.bulklaunch.config.EnvNames.describe(variable) + " is not set");
      }
      keys.put(name, parseKey(text, where));
    }
    return keys;
  }

  private static String checkName(String name, String where) {
    if (!Keyring.isValidName(name)) {
      throw new ConfigException(where + ": a key name must be 1-64 letters, digits, '_' or '-'");
    }
    return name;
  }

  private static String readFile(Path file, String where) {
    if (!Files.isReadable(file)) {
      throw new ConfigException(where + ": cannot read " + file);
    }
    SecretFiles.warnIfShared(file, where + ": the key file");
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(where + ": cannot read " + file + ": " + e.getMessage());
    }
  }

  private static ApiKey parseKey(String text, String where) {
    try {
      return ApiKey.of(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where + ": " + e.getMessage());
    }
  }
}
