package dev.bulklaunch.web;

import dev.bulklaunch.config.ConfigException;
import dev.bulklaunch.config.EnvNames;
import dev.bulklaunch.config.HostPort;
import dev.bulklaunch.config.ServerConfig;
import dev.bulklaunch.config.TokenSpec;
import dev.bulklaunch.keys.SecretFiles;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The server's tokens: {@code server.token} (every key) and the named ones of {@code server.tokens}, each for its
 * keys. A request names one with {@code Authorization: Bearer <token>}, or for GETs (EventSource and download links
 * cannot send headers) {@code ?access_token=}. Values are kept as SHA-256 digests and compared in constant time;
 * only names leave this class.
 */
final class AccessTokens {

  /** The name {@code server.token} goes by in the audit and on job cards. */
  static final String SERVER_TOKEN_NAME = "server-token";
  static final AccessTokens NONE = new AccessTokens(List.of());

  private record Entry(byte[] digest, Caller caller) {
  }

  private final List<Entry> entries;

  private AccessTokens(List<Entry> entries) {
    this.entries = entries;
  }

  /** Reads the token values (files, environment): blocking, so at start, before the server listens. */
  static AccessTokens load(String serverToken, ServerConfig server) {
    return load(serverToken, server.tokens(), System::getenv);
  }

  static AccessTokens load(String serverToken, List<TokenSpec> specs, Function<String, String> env) {
    List<Entry> entries = new ArrayList<>();
    if (serverToken != null && !serverToken.isBlank()) {
      entries.add(new Entry(digest(serverToken), new Caller(SERVER_TOKEN_NAME, true, Set.of())));
    }
    for (TokenSpec spec : specs) {
      byte[] digest = digest(value(spec, env));
      for (Entry other : entries) {
        if (MessageDigest.isEqual(other.digest, digest)) {
          throw new ConfigException("server.tokens." + spec.name() + ": the same value as token '"
              + other.caller.name() + "': give each token a value of its own");
        }
      }
      entries.add(new Entry(digest, new Caller(spec.name(), spec.allKeys(), spec.keys())));
    }
    return new AccessTokens(List.copyOf(entries));
  }

  /** A server reachable from other machines must not be open to them. */
  static void checkBind(HostPort bind, boolean anyToken) {
    if (!bind.isLoopback() && !anyToken) {
      throw new ConfigException("refusing to listen on " + bind.host() + " (not loopback) without a token: set "
          + "LAUNCHER_SERVER_TOKEN, server.token or server.tokens in the config, or bind 127.0.0.1");
    }
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** {@link Caller#LOCAL} when the server has no token; the token's caller; null when none matches. */
  Caller authenticate(HttpServerRequest request) {
    if (entries.isEmpty()) {
      return Caller.LOCAL;
    }
    String header = request.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return match(header.substring(7).trim());
    }
    String query = request.method() == HttpMethod.GET ? request.getParam("access_token") : null;
    return query == null ? null : match(query);
  }

  // every entry is compared, whichever matches: the time taken says nothing about which
  private Caller match(String candidate) {
    byte[] digest = digest(candidate);
    Caller found = null;
    for (Entry entry : entries) {
      if (MessageDigest.isEqual(entry.digest, digest)) {
        found = entry.caller;
      }
    }
    return found;
  }

  private static String value(TokenSpec spec, Function<String, String> env) {
    String where = "server.tokens." + spec.name();
    String text;
    if (spec.tokenFile() != null) {
      if (!Files.isReadable(spec.tokenFile())) {
        throw new ConfigException(where + ".tokenFile: cannot read " + spec.tokenFile());
      }
      SecretFiles.warnIfShared(spec.tokenFile(), where + ": the token file");
      try {
        text = Files.readString(spec.tokenFile(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new ConfigException(where + ".tokenFile: cannot read " + spec.tokenFile());
      }
    } else {
      text = env.apply(spec.tokenEnv());
      if (text == null || text.isBlank()) {
        throw new ConfigException(where + ".tokenEnv: " + EnvNames.describe(spec.tokenEnv()) + " is not set");
      }
    }
    String token = text.strip();
    if (token.length() < 16) {
      throw new ConfigException(where + ": the token is shorter than 16 characters; use a long random one "
          + "(openssl rand -hex 24)");
    }
    return token;
  }

  private static byte[] digest(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
