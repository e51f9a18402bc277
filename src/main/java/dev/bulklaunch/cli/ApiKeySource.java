package dev.bulklaunch.cli;

import dev.bulklaunch.config.ConfigException;
import dev.bulklaunch.config.LauncherConfig;
import dev.bulklaunch.lemlist.ApiKey;
import java.io.IOException;
import java.nio.file.Files;

/** Where the API key comes from: {@code --api-key-file}, else {@code LEMLIST_API_KEY} (or the config's apiKey). */
final class ApiKeySource {

  private ApiKeySource() {
  }

  static ApiKey read(LauncherConfig config) throws IOException {
    String text = config.apiKey();
    if (config.apiKeyFile() != null) {
      if (!Files.isReadable(config.apiKeyFile())) {
        throw new ConfigException("--api-key-file: cannot read " + config.apiKeyFile());
      }
      text = Files.readString(config.apiKeyFile());
    }
    if (text == null || text.isBlank()) {
      throw new ConfigException("no API key: set LEMLIST_API_KEY or pass --api-key-file FILE (or try --simulate)");
    }
    try {
      return ApiKey.of(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("API key: " + e.getMessage());
    }
  }
}
