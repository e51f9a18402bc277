package dev.bulklaunch.keys;

import dev.bulklaunch.lemlist.ApiKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The process's API keys by name: several lemlist teams in one launcher. Only names ever leave it; a key's value
 * stays inside its {@link ApiKey}. The single key of {@code LEMLIST_API_KEY} / {@code --api-key-file} is
 * {@value #DEFAULT}. Built by {@link KeyringLoader}.
 */
public final class Keyring {

  public static final String DEFAULT = "default";
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");

  private final Map<String, ApiKey> byName;

  Keyring(Map<String, ApiKey> byName) {
    this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
  }

  /** A keyring of one key, named {@value #DEFAULT}. */
  public static Keyring single(ApiKey key) {
    return new Keyring(Map.of(DEFAULT, key));
  }

  /** The key named {@code name}; an {@link UnknownKeyException} (listing the names there are) when there is none. */
  public ApiKey get(String name) {
    ApiKey key = byName.get(name);
    if (key == null) {
      throw new UnknownKeyException(name, names());
    }
    return key;
  }

  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  /** The names, {@value #DEFAULT} first when there is one, then in the order they were given. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  public int size() {
    return byName.size();
  }

  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  @Override
  public String toString() {
    return "Keyring" + names();
  }
}
