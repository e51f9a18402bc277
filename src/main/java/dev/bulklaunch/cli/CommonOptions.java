package dev.bulklaunch.cli;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command shares. Only options given on the command line end up in {@link #toJson}. */
class CommonOptions {

  @Option(names = "--config", paramLabel = "FILE", description = "configuration file (default: conf/config.json)")
  Path config;

  @Option(names = "--base-url", paramLabel = "URL", description = "API root (env LEMLIST_BASE_URL; default https://api.lemlist.com/api)")
  String baseUrl;

  @Option(names = "--rate", paramLabel = "N/DUR", description = "the key's budget: at most N requests in any DUR (env LAUNCH_RATE; default 20/2s)")
  String rate;

  @Option(names = "--api-key-file", paramLabel = "FILE", description = "read the API key from FILE (else env LEMLIST_API_KEY)")
  Path apiKeyFile;

  @Option(names = "--key", paramLabel = "NAME", description = "the keyring entry to use (default: default, the key of "
      + "LEMLIST_API_KEY / --api-key-file; name others with LEMLIST_API_KEYS=name=KEY,...)")
  String key;

  @Option(names = "--max-in-flight", paramLabel = "N", description = "concurrent requests cap (default 10)")
  Integer maxInFlight;

  @Option(names = "--retries", paramLabel = "N", description = "retries of a lead after 5xx, timeout or connection error (default 5)")
  Integer retries;

  @Option(names = "--timeout", paramLabel = "DUR", description = "one request's limit (default 30s)")
  String timeout;

  JsonObject toJson() {
    JsonObject json = new JsonObject();
    putIfSet(json, "baseUrl", baseUrl);
    putIfSet(json, "rate", rate);
    putIfSet(json, "apiKeyFile", apiKeyFile == null ? null : apiKeyFile.toString());
    putIfSet(json, "key", key);
    putIfSet(json, "maxInFlight", maxInFlight);
    putIfSet(json, "retries", retries);
    putIfSet(json, "timeout", timeout);
    return json;
  }

  static void putIfSet(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}
