package dev.bulklaunch.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * The {@code server.*} settings of {@code serve}.
 *
 * @param allowedHosts   {@code Host} values answered besides the loopback names and the bound address: {@code name}
 *                       (any port) or {@code name:port}, lower case
 * @param allowedOrigins origins whose pages may change state besides the server's own: {@code scheme://host[:port]},
 *                       lower case, without a default port
 * @param maxUploads        uploads streaming at once; more are refused (503) before their body is read
 * @param uploadIdleTimeout an upload that sends nothing this long is cut and its job cancelled
 * @param maxEventStreams   SSE clients at once; more are refused (503)
 * @param tokens            {@code server.tokens}: named tokens, each for some keys or all
 * @param maxRunningJobs    jobs running at once; later ones wait as queued
 * @param keepJobs          how long a finished job and its files are kept; null: for ever
 */
public record ServerConfig(String host, int port, String token, Path dataDir, long maxUploadBytes,
                           List<String> allowedHosts, List<String> allowedOrigins, int maxUploads,
                           Duration uploadIdleTimeout, int maxEventStreams, List<TokenSpec> tokens,
                           int maxRunningJobs, Duration keepJobs) {

  public ServerConfig {
    allowedHosts = List.copyOf(allowedHosts);
    allowedOrigins = List.copyOf(allowedOrigins);
    tokens = List.copyOf(tokens);
  }

  public static ServerConfig from(JsonObject json) {
    String token = LauncherConfig.text(json, "token", null);
    return new ServerConfig(
        LauncherConfig.text(json, "host", "127.0.0.1"),
        LauncherConfig.integer(json, "port", "--port", 8080, 0, 65535),
        token == null || token.isEmpty() ? null : token,
        Path.of(LauncherConfig.text(json, "dataDir", "data")),
        LauncherConfig.longValue(json, "maxUploadBytes", "server.maxUploadBytes", 100L * 1024 * 1024, 1),
        list(json, "allowedHosts", ServerConfig::host),
        list(json, "allowedOrigins", ServerConfig::origin),
        LauncherConfig.integer(json, "maxUploads", "server.maxUploads", 8, 1, 100_000),
        LauncherConfig.parse("server.uploadIdleTimeout", LauncherConfig.text(json, "uploadIdleTimeout", "30s"),
            Durations::parse),
        LauncherConfig.integer(json, "maxEventStreams", "server.maxEventStreams", 256, 1, 1_000_000),
        TokenSpec.listFrom(json.getValue("tokens")),
        LauncherConfig.integer(json, "maxRunningJobs", "server.maxRunningJobs", 64, 1, 100_000),
        json.getValue("keepJobs") == null ? null
            : LauncherConfig.parse("server.keepJobs", String.valueOf(json.getValue("keepJobs")), Durations::parseAge));
  }

  /** Whether any token is configured ({@code server.token} or {@code server.tokens}): then the API needs one. */
  public boolean hasTokens() {
    return token != null && !token.isBlank() || !tokens.isEmpty();
  }

  public HostPort bind() {
    return new HostPort(host, port);
  }

  /** A JSON array, or one string of comma-separated entries (the environment's form). */
  private static List<String> list(JsonObject json, String key, BiFunction<String, String, String> canonical) {
    Object value = json.getValue(key);
    List<String> entries = new ArrayList<>();
    if (value instanceof JsonArray array) {
      array.forEach(item -> entries.add(String.valueOf(item)));
    } else if (value != null) {
      entries.addAll(Arrays.asList(String.valueOf(value).split(",")));
    }
    String option = "server." + key;
    return entries.stream().map(String::trim).filter(entry -> !entry.isEmpty())
        .map(entry -> canonical.apply(option, entry)).toList();
  }

  private static String host(String option, String entry) {
    HostAndPort parsed = entry.contains("*") ? null : HostAndPort.parseAuthority(entry, -1);
    if (parsed == null || parsed.host().isEmpty() || parsed.port() == 0) {
      throw new ConfigException(option + ": '" + entry + "' is not a host name as a browser sends it: give "
          + "NAME or NAME:PORT, e.g. launcher.example.com or launcher.example.com:8443 (no scheme, path or wildcard)");
    }
    String name = parsed.host().toLowerCase(Locale.ROOT);
    return parsed.port() < 0 ? name : name + ":" + parsed.port();
  }

  private static String origin(String option, String entry) {
    String why = "give SCHEME://HOST[:PORT] as the browser's address bar shows it, e.g. https://launcher.example.com";
    if (entry.equalsIgnoreCase("null") || entry.contains("*")) {
      throw new ConfigException(option + ": '" + entry + "' would let any page in: " + why);
    }
    String origin = canonicalOrigin(entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry);
    if (origin == null) {
      throw new ConfigException(option + ": '" + entry + "' is not an origin: " + why);
    }
    return origin;
  }

  /** {@code scheme://host[:port]} in lower case without a default port; null when {@code text} is not an http(s) origin. */
  public static String canonicalOrigin(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty();
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || !bare
          || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        return null;
      }
      int port = uri.getPort();
      boolean defaultPort = port < 0 || port == (scheme.equals("http") ? 80 : 443);
      return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
