package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulklaunch.config.ConfigException;
import dev.bulklaunch.config.ServerConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code server.tokens} as configured: names only in every error, a value of its own for each token. */
class AccessTokensTest {

  private static final String VALUE = "a-token-value-SECRET-0042";

  private static ServerConfig server(JsonObject tokens) {
    return ServerConfig.from(new JsonObject().put("tokens", tokens));
  }

  private static JsonObject fromEnv(String variable, Object keys) {
    return new JsonObject().put("tokenEnv", variable).put("keys", keys);
  }

  @Test
  void aTokenWithoutASourceOrKeysIsRefusedByName() {
    assertThatThrownBy(() -> server(new JsonObject().put("ops", new JsonObject().put("keys", "*"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("server.tokens.ops").hasMessageContaining("tokenFile");
    assertThatThrownBy(() -> server(new JsonObject().put("ops", new JsonObject().put("tokenEnv", "OPS"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("server.tokens.ops.keys");
    assertThatThrownBy(() -> server(new JsonObject().put("ops", new JsonObject().put("tokenEnv", "OPS")
        .put("keys", new JsonArray().add("not a name")))))
        .isInstanceOf(ConfigException.class).hasMessageNotContaining("not a name");
    assertThatThrownBy(() -> server(new JsonObject().put(VALUE + " x", fromEnv("OPS", "*"))))
        .isInstanceOf(ConfigException.class).hasMessageNotContaining(VALUE);
  }

  @Test
  void aValuePastedWhereTheVariableBelongsIsNotRepeated() {
    ServerConfig config = server(new JsonObject().put("ops", fromEnv(VALUE, "*")));

    assertThatThrownBy(() -> AccessTokens.load(null, config.tokens(), name -> null))
        .isInstanceOf(ConfigException.class).hasMessageContaining("server.tokens.ops").hasMessageNotContaining(VALUE);
  }

  @Test
  void twoTokensWithOneValueOrAShortOneAreRefused() {
    ServerConfig twins = server(new JsonObject().put("a", fromEnv("A", "*")).put("b", fromEnv("B", "*")));
    ServerConfig shortOne = server(new JsonObject().put("a", fromEnv("A", "*")));

    assertThatThrownBy(() -> AccessTokens.load(null, twins.tokens(), Map.of("A", VALUE, "B", VALUE)::get))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'a'").hasMessageNotContaining(VALUE);
    assertThatThrownBy(() -> AccessTokens.load(null, shortOne.tokens(), Map.of("A", "short")::get))
        .isInstanceOf(ConfigException.class).hasMessageNotContaining("short\"");
  }

  @Test
  void namedTokensAloneAreEnoughToBindBeyondLoopback() {
    ServerConfig config = ServerConfig.from(new JsonObject().put("host", "0.0.0.0")
        .put("tokens", new JsonObject().put("a", fromEnv("A", "*"))));

    assertThat(config.hasTokens()).isTrue();
    WebServer.checkBind(config.bind(), config);
    assertThatThrownBy(() -> WebServer.checkBind(config.bind(), ServerConfig.from(new JsonObject())))
        .isInstanceOf(ConfigException.class);
  }
}
