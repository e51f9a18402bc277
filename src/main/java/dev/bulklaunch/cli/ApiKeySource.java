package dev.bulklaunch.cli;

import dev.bulklaunch.config.LauncherConfig;
import dev.bulklaunch.keys.Keyring;
import dev.bulklaunch.keys.KeyringLoader;
import dev.bulklaunch.lemlist.ApiKey;

/** The keyring of a command: demo keys against the built-in simulator or in a dry run, else the configured keys. */
final class ApiKeySource {

  private ApiKeySource() {
  }

  static Keyring keyring(LauncherConfig config) {
    return config.simulate() || config.dryRun() ? KeyringLoader.forSimulator(config) : KeyringLoader.load(config);
  }

  /** The key of this run ({@code --key}, default {@value Keyring#DEFAULT}): exit 2 when the keyring has no such name. */
  static ApiKey read(LauncherConfig config) {
    return keyring(config).get(config.key());
  }
}
