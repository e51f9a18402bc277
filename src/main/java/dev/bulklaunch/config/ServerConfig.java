package dev.bulklaunch.config;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/** The {@code server.*} settings of {@code serve}. */
public record ServerConfig(String host, int port, String token, Path dataDir, long maxUploadBytes) {

  public static ServerConfig from(JsonObject json) {
    String token = LauncherConfig.text(json, "token", null);
    return new ServerConfig(
        LauncherConfig.text(json, "host", "127.0.0.1"),
        LauncherConfig.integer(json, "port", "--port", 8080, 0, 65535),
        token == null || token.isEmpty() ? null : token,
        Path.of(LauncherConfig.text(json, "dataDir", "data")),
        LauncherConfig.longValue(json, "maxUploadBytes", "server.maxUploadBytes", 100L * 1024 * 1024, 1));
  }

  public HostPort bind() {
    return new HostPort(host, port);
  }
}
