package dev.bulklaunch.config;

import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.config.ConfigRetriever;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads the configuration through Vert.x Config, with the precedence command line &gt; environment &gt; config
 * file &gt; defaults. The file and environment stores are merged by Vert.x Config; the documented environment
 * variables are then mapped onto their config keys, unless the same key came from the command line.
 */
public final class ConfigLoader {

  /** Environment variable to config key (dotted for nested keys). */
  public static final Map<String, String> ENVIRONMENT = Map.of(
      "LEMLIST_API_KEY", "apiKey",
      "LEMLIST_API_KEYS", "apiKeys",
      "LEMLIST_BASE_URL", "baseUrl",
      "LAUNCH_RATE", "rate",
      "LAUNCHER_SERVER_TOKEN", "server.token",
      "LAUNCHER_SERVER_DATA_DIR", "server.dataDir",
      "LAUNCHER_SERVER_ALLOWED_HOSTS", "server.allowedHosts",
      "LAUNCHER_SERVER_ALLOWED_ORIGINS", "server.allowedOrigins",
      "LAUNCHER_CLUSTER_MEMBERS", "cluster.members",
      "LAUNCHER_CLUSTER_PORT", "cluster.port");

  private ConfigLoader() {
  }

  /**
   * @param configFile  the file to read; when {@code explicit}, it must exist
   * @param cli         the options given on the command line, keyed like the config file
   */
  public static Future<JsonObject> load(Vertx vertx, Path configFile, boolean explicit, JsonObject cli) {
    if (explicit && !Files.isRegularFile(configFile)) {
      return Future.failedFuture(new ConfigException("config file not found: " + configFile));
    }
    ConfigRetrieverOptions options = new ConfigRetrieverOptions()
        .setScanPeriod(0)
        .setIncludeDefaultStores(false)
        // optional only when absent: a file that is there but unreadable must stop the run, not be skipped
        .addStore(new ConfigStoreOptions().setType("file").setFormat("json").setOptional(!Files.exists(configFile))
            .setConfig(new JsonObject().put("path", configFile.toString())))
        .addStore(new ConfigStoreOptions().setType("env")
            .setConfig(new JsonObject().put("raw-data", true).put("keys", new JsonArray(ENVIRONMENT.keySet().stream().toList()))));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
        .recover(error -> Future.failedFuture(new ConfigException(
            "cannot read " + configFile + ": " + rootMessage(error))))
        .map(merged -> applyPrecedence(merged, cli))
        .eventually(() -> {
          retriever.close();
          return Future.succeededFuture();
        });
  }

  static JsonObject applyPrecedence(JsonObject merged, JsonObject cli) {
    JsonObject result = merged.copy();
    ENVIRONMENT.forEach((variable, key) -> {
      Object value = result.remove(variable);
      if (value != null && !String.valueOf(value).isEmpty()) {
        put(result, key, value);
      }
    });
    return deepMerge(result, cli);
  }

  private static void put(JsonObject json, String dottedKey, Object value) {
    int dot = dottedKey.indexOf('.');
    if (dot < 0) {
      json.put(dottedKey, value);
      return;
    }
    String head = dottedKey.substring(0, dot);
    JsonObject child = json.getValue(head) instanceof JsonObject o ? o : new JsonObject();
    json.put(head, child);
    put(child, dottedKey.substring(dot + 1), value);
  }

  private static JsonObject deepMerge(JsonObject base, JsonObject over) {
    over.forEach(entry -> {
      if (entry.getValue() instanceof JsonObject child && base.getValue(entry.getKey()) instanceof JsonObject existing) {
        deepMerge(existing, child);
      } else {
        base.put(entry.getKey(), entry.getValue());
      }
    });
    return base;
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    boolean notJson = false;
    com.fasterxml.jackson.core.JsonLocation at = null;
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      root = t;
      notJson |= t instanceof io.vertx.core.json.DecodeException;
      if (t instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
        notJson = true;
        at = json.getLocation();
      }
    }
    // The parser quotes the text it choked on: an unquoted key would be printed back. Only where it is.
    if (notJson) {
      return "not valid JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
          + " (the text there is not shown: check its quotes, commas and braces)";
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
