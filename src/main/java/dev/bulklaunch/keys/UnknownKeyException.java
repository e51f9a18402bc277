package dev.bulklaunch.keys;

import dev.bulklaunch.config.ConfigException;
import java.util.List;

/** A key name the keyring does not hold. A {@link ConfigException}: on the command line it exits 2, nothing sent. */
public final class UnknownKeyException extends ConfigException {

  private static final long serialVersionUID = 1L;
  private static final int SHOWN = 20;

  UnknownKeyException(String name, List<String> known) {
    super(describe(name) + " is not in the keyring; known keys: "
        + (known.isEmpty() ? "none" : String.join(", ", known.subList(0, Math.min(known.size(), SHOWN)))
        + (known.size() > SHOWN ? ", ... (" + known.size() + " in all)" : ""))
        + " (name keys with LEMLIST_API_KEYS=name=KEY,... or the config's \"keys\" object)");
  }

  // Not echoed: a key pasted where its name belongs can look like a name.
  private static String describe(String name) {
    return Keyring.isValidName(name) ? "the key name given" : "the key name given (not 1-64 letters, digits, _ or -)";
  }
}
