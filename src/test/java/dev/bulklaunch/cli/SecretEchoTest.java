package dev.bulklaunch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key pasted in the wrong place is refused without being printed back; a key file others can read is warned of. */
class SecretEchoTest {

  /** Looks like a lemlist key, and like a valid key name too (letters and digits): it must be hidden all the same. */
  private static final String PASTED = "d41d8cd98f00b204e9800998ecf8427e";

  @TempDir
  Path dir;

  @Test
  void anUnknownOptionCarryingTheKeyIsNotEchoed() {
    CliHarness.Outcome serve = CliHarness.run("", "serve", "--api-key=" + PASTED);
    CliHarness.Outcome launch = CliHarness.run("", "--api-key", PASTED, "--simulate");

    assertThat(serve.exitCode()).isEqualTo(2);
    assertThat(serve.stderr()).contains("--api-key").doesNotContain(PASTED);
    assertThat(launch.exitCode()).isEqualTo(2);
    assertThat(launch.stderr()).contains("--api-key").doesNotContain(PASTED);
  }

  @Test
  void aKeyGivenAsTheKeysNameIsNotEchoed() {
    CliHarness.Outcome outcome = CliHarness.run("lea_1\n", "--simulate", "--key", PASTED, "--progress", "never");

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.stderr()).contains("is not in the keyring").doesNotContain(PASTED);
    assertThat(outcome.results()).isEmpty();
  }

  @Test
  void aKeyPastedWhereTheVariablesNameBelongsIsNotEchoed() throws Exception {
    Path config = dir.resolve("config.json");
    Files.writeString(config, "{\"keys\": {\"acme\": {\"apiKeyEnv\": \"" + PASTED + "\"}}, \"key\": \"acme\"}");

    CliHarness.Outcome outcome = CliHarness.run("lea_1\n", "--config", config.toString(), "--base-url",
        "http://127.0.0.1:9", "--progress", "never");

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.stderr()).contains("apiKeyEnv").doesNotContain(PASTED);
  }

  @Test
  void aConfigFileWithAnUnquotedKeyIsReportedByLineNotByContent() throws Exception {
    Path config = dir.resolve("config.json");
    Files.writeString(config, "{\n  \"rate\": \"20/2s\",\n  \"apiKey\": " + PASTED + "\n}\n");

    CliHarness.Outcome outcome = CliHarness.run("lea_1\n", "--config", config.toString(), "--progress", "never");

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.stderr()).contains("line 3").doesNotContain(PASTED).doesNotContain(PASTED.substring(0, 8));
  }

  @Test
  void aKeyFileOthersCanReadIsWarnedOfByNameOnly() throws Exception {
    Path keyFile = dir.resolve("lemlist.key");
    Files.writeString(keyFile, PASTED + "\n");
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
    Path privateFile = dir.resolve("private.key");
    Files.writeString(privateFile, PASTED + "\n");
    Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));

    CliHarness.Outcome shared = CliHarness.run("", "--api-key-file", keyFile.toString(), "--base-url",
        "http://127.0.0.1:9", "--progress", "never");
    CliHarness.Outcome owned = CliHarness.run("", "--api-key-file", privateFile.toString(), "--base-url",
        "http://127.0.0.1:9", "--progress", "never");

    assertThat(shared.stderr()).contains(keyFile.toString()).contains("chmod 600").doesNotContain(PASTED);
    assertThat(owned.stderr()).doesNotContain("chmod 600").doesNotContain(PASTED);
  }

  @Test
  void valuesAreCutFromMessagesButOptionNamesStay() {
    assertThat(Main.withoutValues("Unknown option: '--api-key=" + PASTED + "'", "--api-key=" + PASTED))
        .isEqualTo("Unknown option: '--api-key=...'");
    assertThat(Main.withoutValues("Unmatched argument at index 1: '" + PASTED + "'", "--key", PASTED))
        .doesNotContain(PASTED).contains("index 1");
    assertThat(Main.withoutValues("--max-in-flight: '0' is out of range", "--max-in-flight", "0"))
        .isEqualTo("--max-in-flight: '0' is out of range");
  }
}
