package dev.bulklaunch.config;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Every setting of a run or server, validated. Built from the merged configuration JSON (see {@link ConfigLoader});
 * a bad value throws {@link ConfigException} naming the option and what would be right.
 */
public record LauncherConfig(
    String apiKey,
    Path apiKeyFile,
    String baseUrl,
    RateSpec rate,
    int maxInFlight,
    int retries,
    Duration timeout,
    Path journal,
    boolean retryFailed,
    HostPort dashboard,
    boolean dryRun,
    boolean simulate,
    ProgressMode progress,
    Pattern leadIdPattern,
    int maxLineBytes,
    ServerConfig server,
    JsonObject simulator,
    String apiKeys,
    JsonObject keys,
    String key,
    CampaignOptions campaigns,
    JsonObject cluster) {

  public static final String DEFAULT_BASE_URL = "https://api.lemlist.com/api";
  public static final String DEFAULT_LEAD_ID_PATTERN = "^lea_[A-Za-z0-9]{1,64}$";

  public enum ProgressMode { AUTO, ALWAYS, NEVER }

  public static LauncherConfig from(JsonObject json) {
    JsonObject server = json.getValue("server") instanceof JsonObject o ? o : new JsonObject();
    JsonObject simulator = json.getValue("simulator") instanceof JsonObject o ? o : new JsonObject();
    return new LauncherConfig(
        text(json, "apiKey", null),
        path(json, "apiKeyFile"),
        baseUrl(text(json, "baseUrl", DEFAULT_BASE_URL)),
        parse("--rate", text(json, "rate", "20/2s"), RateSpec::parse),
        integer(json, "maxInFlight", "--max-in-flight", 10, 1, 1000),
        integer(json, "retries", "--retries", 5, 0, 100),
        parse("--timeout", text(json, "timeout", "30s"), Durations::parse),
        path(json, "journal"),
        bool(json, "retryFailed"),
        json.getValue("dashboard") == null ? null
            : parse("--dashboard", String.valueOf(json.getValue("dashboard")), t -> HostPort.parse(t, "127.0.0.1")),
        bool(json, "dryRun"),
        bool(json, "simulate"),
        parse("--progress", text(json, "progress", "auto"), t -> ProgressMode.valueOf(t.toUpperCase(Locale.ROOT))),
        pattern(text(json, "leadIdPattern", DEFAULT_LEAD_ID_PATTERN)),
        integer(json, "maxLineBytes", "maxLineBytes", 4096, 64, 1 << 20),
        ServerConfig.from(server),
        simulator,
        text(json, "apiKeys", null),
        json.getValue("keys") == null ? null : keysObject(json.getValue("keys")),
        keyName(text(json, "key", "default")),
        CampaignOptions.from(json),
        json.getValue("cluster") instanceof JsonObject o ? o : new JsonObject());
  }

  /** The cluster settings; {@code defaultPort} is {@link ClusterConfig#DEFAULT_PORT} for a server, 0 for a run. */
  public ClusterConfig cluster(int defaultPort) {
    return ClusterConfig.from(cluster, defaultPort);
  }

  static String text(JsonObject json, String key, String fallback) {
    Object value = json.getValue(key);
    return value == null ? fallback : String.valueOf(value).trim();
  }

  static int integer(JsonObject json, String key, String option, int fallback, int min, int max) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    try {
      long n = value instanceof Number num ? num.longValue() : Long.parseLong(String.valueOf(value).trim());
      if (n < min || n > max) {
        throw new ConfigException(option + ": " + n + " is out of range (" + min + " to " + max + ")");
      }
      return (int) n;
    } catch (NumberFormatException e) {
      throw new ConfigException(option + ": '" + value + "' is not a whole number");
    }
  }

  static long longValue(JsonObject json, String key, String option, long fallback, long min) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    try {
      long n = value instanceof Number num ? num.longValue() : Long.parseLong(String.valueOf(value).trim());
      if (n < min) {
        throw new ConfigException(option + ": " + n + " is too small (at least " + min + ")");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ConfigException(option + ": '" + value + "' is not a whole number");
    }
  }

  static boolean bool(JsonObject json, String key) {
    Object value = json.getValue(key);
    return value instanceof Boolean b ? b : value != null && Boolean.parseBoolean(String.valueOf(value));
  }

  static Path path(JsonObject json, String key) {
    String value = text(json, key, null);
    return value == null || value.isEmpty() ? null : Path.of(value);
  }

  static <T> T parse(String option, String text, java.util.function.Function<String, T> parser) {
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      String why = e.getMessage() == null || e.getMessage().startsWith("No enum") ? "'" + text + "' is not allowed"
          : e.getMessage();
      throw new ConfigException(option + ": " + why);
    }
  }

  private static String baseUrl(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new ConfigException("--base-url: the value given is not an http(s) URL (not shown: it could hold a "
            + "secret), e.g. " + DEFAULT_BASE_URL);
      }
      if (uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
        throw new ConfigException("--base-url: give only scheme, host and path (no credentials, query or fragment)");
      }
      return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    } catch (URISyntaxException e) {
      throw new ConfigException("--base-url: the value given is not a URL (not shown: it could hold a secret), e.g. "
          + DEFAULT_BASE_URL);
    }
  }

  private static JsonObject keysObject(Object value) {
    if (value instanceof JsonObject o) {
      return o;
    }
    throw new ConfigException("keys: expected an object of name: {\"apiKeyFile\": FILE} or {\"apiKeyEnv\": VAR}");
  }

  // The same rule as the keyring's names; a bad name is not echoed (it could be a key pasted in the wrong place).
  private static String keyName(String name) {
    if (!name.matches("^[A-Za-z0-9_-]{1,64}$")) {
      throw new ConfigException("--key: a key name must be 1-64 letters, digits, '_' or '-'");
    }
    return name;
  }

  private static Pattern pattern(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new ConfigException("leadIdPattern: not a valid regular expression: " + e.getDescription());
    }
  }
}
