package dev.bulklaunch.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulklaunch.config.ConfigException;
import dev.bulklaunch.config.LauncherConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyringLoaderTest {

  @TempDir
  Path tmp;

  private static Keyring load(JsonObject json, Map<String, String> env) {
    return KeyringLoader.load(LauncherConfig.from(json), env::get);
  }

  @Test
  void namesComeFromTheListTheConfigAndTheSingleKeyAsDefault() throws Exception {
    Path acmeFile = Files.writeString(tmp.resolve("acme"), "acme-secret-1\n");
    JsonObject json = new JsonObject()
        .put("apiKey", "single-secret-0")
        .put("apiKeys", "gamma=gamma-secret-3, delta=delta=secret==")
        .put("keys", new JsonObject()
            .put("acme", new JsonObject().put("apiKeyFile", acmeFile.toString()))
            .put("beta", new JsonObject().put("apiKeyEnv", "BETA_KEY")));

    Keyring keyring = load(json, Map.of("BETA_KEY", "beta-secret-2"));

    assertThat(keyring.names()).containsExactly("default", "acme", "beta", "gamma", "delta");
    assertThat(keyring.get("acme").basicAuthorization()).isEqualTo(basic("acme-secret-1"));
    assertThat(keyring.get("beta").basicAuthorization()).isEqualTo(basic("beta-secret-2"));
    assertThat(keyring.get("delta").basicAuthorization()).isEqualTo(basic("delta=secret=="));
    assertThat(keyring.get("default").basicAuthorization()).isEqualTo(basic("single-secret-0"));
    assertThat(keyring.toString()).doesNotContain("secret");
  }

  @Test
  void theEnvironmentListWinsOverTheConfigForOneName() {
    JsonObject json = new JsonObject().put("apiKeys", "acme=from-env")
        .put("keys", new JsonObject().put("acme", new JsonObject().put("apiKeyEnv", "ACME")));
    assertThat(load(json, Map.of("ACME", "from-config")).get("acme").basicAuthorization())
        .isEqualTo(basic("from-env"));
  }

  @Test
  void anUnknownNameIsRefusedWithTheNamesThereAreWithoutRepeatingTheNameGiven() {
    // the name given may be a key pasted in the wrong place (--key KEY): it is never printed back
    Keyring keyring = load(new JsonObject().put("apiKeys", "acme=k1,beta=k2"), Map.of());
    assertThatThrownBy(() -> keyring.get("gamma-d41d8cd98f00b204")).isInstanceOf(UnknownKeyException.class)
        .isInstanceOf(ConfigException.class)
        .hasMessageNotContaining("gamma").hasMessageContaining("acme, beta");
  }

  @Test
  void badEntriesAreClearErrorsThatNeverEchoAKey() {
    assertThatThrownBy(() -> load(new JsonObject().put("apiKeys", "acme=k1,secretWithoutName"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("entry 2 has no '='")
        .hasMessageNotContaining("secretWithoutName");
    assertThatThrownBy(() -> load(new JsonObject().put("apiKeys", "a c=k1"), Map.of()))
        .hasMessageContaining("1-64 letters");
    assertThatThrownBy(() -> load(new JsonObject().put("apiKeys", "acme=k1,acme=k2"), Map.of()))
        .hasMessageContaining("given twice");
    assertThatThrownBy(() -> load(new JsonObject().put("apiKeys", "acme=has space"), Map.of()))
        .hasMessageContaining("acme").hasMessageNotContaining("has space");
    assertThatThrownBy(() -> load(new JsonObject().put("keys", new JsonObject()
        .put("beta", new JsonObject().put("apiKeyEnv", "NOPE"))), Map.of()))
        .hasMessageContaining("NOPE is not set");
    assertThatThrownBy(() -> load(new JsonObject().put("keys", new JsonObject()
        .put("beta", new JsonObject().put("apiKeyFile", tmp.resolve("missing").toString()))), Map.of()))
        .hasMessageContaining("cannot read");
    assertThatThrownBy(() -> load(new JsonObject().put("keys", new JsonObject()
        .put("beta", new JsonObject())), Map.of()))
        .hasMessageContaining("exactly one of");
    assertThatThrownBy(() -> load(new JsonObject(), Map.of())).hasMessageContaining("no API key");
    assertThatThrownBy(() -> LauncherConfig.from(new JsonObject().put("key", "sk-pasted key")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("--key").hasMessageNotContaining("pasted");
  }

  @Test
  void theSimulatorKeyringGivesEachNameADemoKeyOfItsOwnAndReadsNothing() {
    JsonObject json = new JsonObject().put("apiKeys", "acme=real-secret")
        .put("keys", new JsonObject().put("beta", new JsonObject().put("apiKeyFile", "/does/not/exist")));
    Keyring keyring = KeyringLoader.forSimulator(LauncherConfig.from(json));
    assertThat(keyring.names()).containsExactly("default", "beta", "acme");
    assertThat(keyring.get("acme").basicAuthorization()).isNotEqualTo(basic("real-secret"))
        .isNotEqualTo(keyring.get("beta").basicAuthorization())
        .isNotEqualTo(keyring.get("default").basicAuthorization());
  }

  private static String basic(String key) {
    return "Basic " + java.util.Base64.getEncoder().encodeToString((":" + key).getBytes());
  }
}
