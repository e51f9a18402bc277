package dev.bulklaunch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Answers on the launch route that are not lemlist's (a captive portal's page, a gateway's 504, a redirect, a
 * code-less 404), through whole command-line runs against the simulator.
 */
class ForeignAnswersTest {

  private static final String KEY = "foreign-answers-key-9f3";
  private static SimulatedLemlist lemlist;
  private static SimulatedLemlist redirecting;
  @TempDir
  static Path tmp;
  private static Path keyFile;

  @BeforeAll
  static void startSimulators() throws Exception {
    JsonObject options = new JsonObject().put("apiKeys", List.of(KEY))
        .put("latency", new JsonObject().put("dist", "uniform").put("minMs", 5).put("maxMs", 30));
    lemlist = SimulatedLemlist.start(options);
    redirecting = SimulatedLemlist.start(options.copy().put("redirectAll", true));
    keyFile = tmp.resolve("key");
    Files.writeString(keyFile, KEY + "\n");
  }

  @AfterAll
  static void stop() {
    lemlist.close();
    redirecting.close();
  }

  private static List<String> options(String... extra) {
    List<String> options = new ArrayList<>(List.of("--api-key-file", keyFile.toString(), "--retries", "2"));
    options.addAll(List.of(extra));
    return options;
  }

  private static Map<String, JsonObject> byLead(CliHarness.Outcome outcome) {
    return outcome.results().stream().collect(Collectors.toMap(r -> r.getString("leadId"), Function.identity()));
  }

  private static long requests(SimulatedLemlist simulated) {
    return simulated.simulator.stats().getLong("requests");
  }

  @Test
  void aPortalPageIsAnUnexpectedAnswerThatARerunTriesAgain() {
    Path journal = tmp.resolve("portal.journal");
    long before = requests(lemlist);

    CliHarness.Outcome first = lemlist.launch("lea_portal1\nlea_fine1\n", options("--journal", journal.toString()));
    long afterFirst = requests(lemlist);
    CliHarness.Outcome second = lemlist.launch("lea_portal1\nlea_fine1\n", options("--journal", journal.toString()));

    JsonObject portal = byLead(first).get("lea_portal1");
    assertThat(portal.getString("status")).isEqualTo("failed");
    assertThat(portal.getString("code")).isEqualTo("UNEXPECTED_ANSWER");
    assertThat(portal.getInteger("http")).isEqualTo(200);
    assertThat(portal.getInteger("attempts")).isEqualTo(1);
    assertThat(byLead(first).get("lea_fine1").getString("status")).isEqualTo("launched");
    assertThat(first.exitCode()).isEqualTo(1);
    assertThat(afterFirst - before).isEqualTo(2);
    assertThat(byLead(second).get("lea_portal1").getString("code")).as("not final: sent again")
        .isEqualTo("UNEXPECTED_ANSWER");
    assertThat(byLead(second).get("lea_fine1").getString("code")).isEqualTo("RESUMED");
    assertThat(requests(lemlist) - afterFirst).isEqualTo(1);
  }

  @Test
  void aLeadLaunchedBehindAGateways504IsLaunched() {
    CliHarness.Outcome outcome = lemlist.launch("lea_gw504x\n", options());

    JsonObject result = byLead(outcome).get("lea_gw504x");
    assertThat(result.getString("status")).isEqualTo("launched");
    assertThat(result.getInteger("attempts")).isEqualTo(2);
    assertThat(outcome.exitCode()).isZero();
  }

  @Test
  void aRedirectStopsTheRunAfterTheRequestsAlreadyOutNamingTheStatusAndTheBaseUrl() {
    String input = IntStream.rangeClosed(1, 40).mapToObj(i -> "lea_r" + i).collect(Collectors.joining("\n")) + "\n";

    CliHarness.Outcome outcome = redirecting.launch(input, options());

    JsonObject stats = redirecting.simulator.stats();
    long redirected = outcome.results().stream().filter(r -> r.getInteger("http", 0) == 302).count();
    assertThat(outcome.exitCode()).isEqualTo(3);
    assertThat(outcome.results()).hasSize(40);
    assertThat(redirected).isBetween(1L, 10L); // those already out when the first redirect came back
    assertThat(stats.getLong("redirected")).as("no request after the stop").isEqualTo(redirected);
    assertThat(outcome.results()).filteredOn(r -> r.getInteger("http", 0) != 302)
        .allMatch(r -> "ABORTED".equals(r.getString("code")) && r.getInteger("attempts") == 0);
    assertThat(outcome.stderr()).contains("302").contains(redirecting.simulator.baseUrl()).doesNotContain(KEY);
  }

  @Test
  void aCodeless404MeansAWrongBaseUrlAndStopsTheRun() {
    String wrongBase = lemlist.simulator.baseUrl().replace("/api", "/v2/api");
    String input = IntStream.rangeClosed(1, 40).mapToObj(i -> "lea_w" + i).collect(Collectors.joining("\n")) + "\n";

    CliHarness.Outcome outcome = lemlist.launchAt(wrongBase, input, options());

    long notFound = outcome.results().stream().filter(r -> r.getInteger("http", 0) == 404).count();
    assertThat(outcome.exitCode()).isEqualTo(3);
    assertThat(outcome.results()).hasSize(40);
    assertThat(notFound).isBetween(1L, 10L);
    assertThat(outcome.results()).filteredOn(r -> r.getInteger("http", 0) != 404)
        .allMatch(r -> "ABORTED".equals(r.getString("code")));
    assertThat(outcome.stderr()).contains("404").contains(wrongBase).doesNotContain(KEY);
  }
}
