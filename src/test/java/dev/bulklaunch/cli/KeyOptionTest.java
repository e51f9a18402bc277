package dev.bulklaunch.cli;

import dev.bulklaunch.simulator.KeyLabel;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulklaunch.simulator.LemlistSimulator;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --key NAME}: a command-line run takes one key of the keyring; an unknown name sends nothing. */
class KeyOptionTest {

  private static final String ACME = "acme-cli-SECRET-77";
  private static final String BETA = "beta-cli-SECRET-88";
  private static SimulatedLemlist lemlist;
  private static LemlistSimulator simulator;
  @TempDir
  static Path tmp;
  private static Path config;

  @BeforeAll
  static void start() throws Exception {
    lemlist = SimulatedLemlist.start(new JsonObject().put("apiKeys", List.of(ACME, BETA)));
    simulator = lemlist.simulator;
    Path acmeFile = Files.writeString(tmp.resolve("acme.key"), ACME + "\n");
    Path betaFile = Files.writeString(tmp.resolve("beta.key"), BETA + "\n");
    config = Files.writeString(tmp.resolve("config.json"), new JsonObject().put("keys", new JsonObject()
        .put("acme", new JsonObject().put("apiKeyFile", acmeFile.toString()))
        .put("beta", new JsonObject().put("apiKeyFile", betaFile.toString()))).encodePrettily());
  }

  @AfterAll
  static void stop() {
    lemlist.close();
  }

  @BeforeEach
  void reset() {
    simulator.reset();
  }

  private static CliHarness.Outcome launch(String stdin, String... extra) {
    List<String> options = new java.util.ArrayList<>(List.of("--config", config.toString()));
    options.addAll(List.of(extra));
    return lemlist.launch(stdin, options);
  }

  @Test
  void theRunSendsWithTheNamedKeyOnly() {
    CliHarness.Outcome outcome = launch("lea_k1\nlea_k2\nlea_k3\n", "--key", "beta");

    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
    assertThat(outcome.results()).hasSize(3).allMatch(r -> r.getString("status").equals("launched"));
    JsonObject byKey = simulator.stats().getJsonObject("byKey");
    assertThat(byKey.fieldNames()).containsExactly(KeyLabel.of(BETA));
    assertThat(byKey.getJsonObject(KeyLabel.of(BETA)).getInteger("requests")).isEqualTo(3);
    String everything = outcome.stderr() + outcome.results();
    assertThat(everything).doesNotContain(ACME).doesNotContain(BETA).doesNotContain("SECRET");
  }

  @Test
  void anUnknownKeyExitsTwoBeforeAnythingIsSent() {
    CliHarness.Outcome outcome = launch("lea_k1\n", "--key", "gamma");

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.stderr()).contains("is not in the keyring").doesNotContain("gamma").contains("acme, beta")
        .doesNotContain("SECRET");
    assertThat(outcome.results()).isEmpty();
    assertThat(simulator.stats().getLong("requests")).isZero();
  }
}
