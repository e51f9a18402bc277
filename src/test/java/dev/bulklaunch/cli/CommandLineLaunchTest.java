package dev.bulklaunch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulklaunch.simulator.LemlistSimulator;
import dev.bulklaunch.simulator.SimulatorOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole command line against the built-in simulator, at a scaled rate so each test takes seconds. */
class CommandLineLaunchTest {

  private static final String KEY = "test-key-123";
  private static SimulatedLemlist lemlist;
  private static LemlistSimulator simulator;
  @TempDir
  static Path tmp;
  private static Path keyFile;

  @BeforeAll
  static void startSimulator() throws Exception {
    lemlist = SimulatedLemlist.start(new JsonObject()
        .put("apiKeys", List.of(KEY))
        .put("latency", new JsonObject().put("dist", "uniform").put("minMs", 5).put("maxMs", 30)));
    simulator = lemlist.simulator;
    keyFile = tmp.resolve("key");
    Files.writeString(keyFile, KEY + "\n");
  }

  @AfterAll
  static void stop() {
    lemlist.close();
  }

  @BeforeEach
  void resetSimulator() {
    simulator.reset();
  }

  private static CliHarness.Outcome launch(String stdin, String... extra) {
    List<String> options = new java.util.ArrayList<>(List.of("--api-key-file", keyFile.toString(), "--retries", "1"));
    options.addAll(List.of(extra));
    return lemlist.launch(stdin, options);
  }

  private static Map<String, JsonObject> byLead(CliHarness.Outcome outcome) {
    return outcome.results().stream().collect(Collectors.toMap(r -> r.getString("leadId"), Function.identity(),
        (a, b) -> b));
  }

  private static void assertStatus(Map<String, JsonObject> results, String leadId, String status, String code, int http) {
    JsonObject result = results.get(leadId);
    assertThat(result).as(leadId).isNotNull();
    assertThat(result.getString("status")).as(leadId + " status").isEqualTo(status);
    assertThat(result.getString("code")).as(leadId + " code").isEqualTo(code);
    assertThat(result.getInteger("http")).as(leadId + " http").isEqualTo(http);
  }

  @Test
  void everyLemlistAnswerMapsToTheSpecStatusAndCode() {
    String input = String.join("\n", "lea_ok1", "lea_Paused1", "lea_Done1", "lea_AiVar1", "lea_NoSender1",
        "lea_StepErr1", "lea_NotFound1", "lea_NoCamp1", "lea_Boom1", "lea_Teapot1") + "\n";

    CliHarness.Outcome outcome = launch(input);

    Map<String, JsonObject> results = byLead(outcome);
    assertThat(results.get("lea_ok1").getString("status")).isEqualTo("launched");
    assertThat(results.get("lea_ok1").getInteger("http")).isEqualTo(200);
    assertStatus(results, "lea_Done1", "skipped", "CAMPAIGN_LEAD_REVIEW_LEAD_ALREADY_LAUNCHED", 400);
    assertStatus(results, "lea_Paused1", "failed", "CAMPAIGN_LEAD_REVIEW_LEAD_PAUSED", 400);
    assertStatus(results, "lea_AiVar1", "failed", "CAMPAIGN_LEAD_REVIEW_LEAD_AI_VARIABLE_INVALID", 400);
    assertStatus(results, "lea_NoSender1", "failed", "CAMPAIGN_LEAD_REVIEW_LEAD_NO_SENDER_AVAILABLE", 400);
    assertStatus(results, "lea_StepErr1", "failed", "CAMPAIGN_LEAD_REVIEW_CAMPAIGN_STEP_ERRORS", 400);
    assertStatus(results, "lea_NotFound1", "failed", "CAMPAIGN_LEAD_REVIEW_LEAD_NOT_FOUND", 404);
    assertStatus(results, "lea_NoCamp1", "failed", "CAMPAIGN_LEAD_REVIEW_CAMPAIGN_NOT_FOUND", 404);
    assertStatus(results, "lea_Boom1", "failed", "HTTP_500", 500);
    assertThat(results.get("lea_Boom1").getInteger("attempts")).isEqualTo(2);
    assertStatus(results, "lea_Teapot1", "failed", "SOMETHING_NEW", 418);
    assertThat(outcome.results()).hasSize(10);
    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr()).contains("re-run the failed leads");
  }

  @Test
  void invalidIdsNeverReachTheServerAndEachLineGetsOneResult() {
    String tenKb = "lea_" + "a".repeat(10_000);
    String input = String.join("\n", "lea_../x", "lea_a/b", "../../campaigns", "lea_", tenKb, "lea_good1",
        "lea_%2e%2e", "lea_good2") + "\n";
    byte[] badUtf8 = {'l', 'e', 'a', '_', (byte) 0xC3, (byte) 0x28, '\n'};

    CliHarness.Outcome outcome = launch(input + new String(badUtf8, java.nio.charset.StandardCharsets.ISO_8859_1));

    assertThat(outcome.results()).hasSize(9);
    assertThat(outcome.results().stream().filter(r -> "INVALID_LEAD_ID".equals(r.getString("code")))).hasSize(7);
    assertThat(simulator.stats().getLong("requests")).isEqualTo(2);
    assertThat(byLead(outcome).get("lea_good1").getString("status")).isEqualTo("launched");
  }

  @Test
  void aRepeatedIdIsSentOnceAndReportedDuplicate() {
    CliHarness.Outcome outcome = launch("lea_dup1\nlea_dup1\n{\"leadId\":\"lea_dup1\"}\nlea_other\n");

    assertThat(simulator.stats().getLong("requests")).isEqualTo(2);
    assertThat(simulator.stats().getLong("duplicateLaunches")).isZero();
    assertThat(outcome.results()).hasSize(4);
    assertThat(outcome.results().stream().filter(r -> "DUPLICATE".equals(r.getString("code")))).hasSize(2);
    assertThat(outcome.exitCode()).isZero();
  }

  @Test
  void theBudgetIsNeverExceededAtTheServer() {
    String input = IntStream.rangeClosed(1, 300).mapToObj(i -> "lea_b" + i).collect(Collectors.joining("\n"));

    CliHarness.Outcome outcome = launch(input, "--max-in-flight", "20");

    JsonObject stats = simulator.stats();
    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.results()).hasSize(300).allMatch(r -> r.getString("status").equals("launched"));
    assertThat(stats.getInteger("maxInAnyWindow")).isLessThanOrEqualTo(50);
    assertThat(stats.getLong("rateLimited")).isZero();
    // 300 requests at 50 per 500 ms need at least five full windows after the first burst.
    assertThat(stats.getLong("lastArrivalMs") - stats.getLong("firstArrivalMs")).isGreaterThanOrEqualTo(2_500);
  }

  @Test
  void a429sRetryAfterIsHonouredAndTheLeadRetriedWithoutUsingItsRetries() {
    LemlistSimulator flaky = LemlistSimulator.start(lemlist.vertx, SimulatorOptions.fromJson(new JsonObject()
        .put("rate", "50/500ms").put("spurious429Rate", 0.15).put("spuriousRetryAfterSec", 0.2).put("seed", 7)))
        .await();
    try {
      String input = IntStream.rangeClosed(1, 60).mapToObj(i -> "lea_r" + i).collect(Collectors.joining("\n"));

      // One request at a time: none is ever on the wire when a 429 is issued, so any arrival inside a
      // Retry-After would be a request we sent after hearing the 429.
      CliHarness.Outcome outcome = CliHarness.run(input, "--base-url", flaky.baseUrl(), "--api-key-file",
          keyFile.toString(), "--rate", "50/500ms", "--progress", "never", "--retries", "0", "--max-in-flight", "1");

      JsonObject stats = flaky.stats();
      assertThat(stats.getLong("spurious429")).isPositive();
      assertThat(stats.getLong("retryAfterViolations")).isZero();
      assertThat(outcome.results()).hasSize(60).allMatch(r -> r.getString("status").equals("launched"));
      assertThat(outcome.exitCode()).isZero();
    } finally {
      flaky.close().await();
    }
  }

  @Test
  void unauthorizedStopsTheRunWithExitThreeAndReportsTheRestAborted() throws Exception {
    Path wrongKey = tmp.resolve("wrong-key");
    Files.writeString(wrongKey, "not-the-key");
    String input = IntStream.rangeClosed(1, 200).mapToObj(i -> "lea_u" + i).collect(Collectors.joining("\n"));

    CliHarness.Outcome outcome = CliHarness.run(input, "--base-url", simulator.baseUrl(), "--api-key-file",
        wrongKey.toString(), "--rate", "50/500ms", "--progress", "never");

    assertThat(outcome.exitCode()).isEqualTo(3);
    assertThat(outcome.results()).hasSize(200);
    assertThat(outcome.results()).allMatch(r -> r.getString("status").equals("failed"));
    assertThat(outcome.results().stream().filter(r -> "HTTP_401".equals(r.getString("code")))).isNotEmpty();
    assertThat(outcome.results().stream().filter(r -> "ABORTED".equals(r.getString("code")))).isNotEmpty();
    assertThat(simulator.stats().getLong("requests")).isLessThanOrEqualTo(10);
    assertThat(outcome.stderr()).contains("401").doesNotContain("not-the-key");
  }

  @Test
  void aJournalSkipsWhatIsFinalAndRetryFailedSendsTheFailuresAgain() throws Exception {
    Path journal = tmp.resolve("journal-" + System.nanoTime());
    String input = "lea_j1\nlea_jPaused1\nlea_jBoom1\n";

    CliHarness.Outcome first = launch(input, "--journal", journal.toString());
    long afterFirst = simulator.stats().getLong("requests");
    CliHarness.Outcome second = launch(input, "--journal", journal.toString());
    long afterSecond = simulator.stats().getLong("requests");
    CliHarness.Outcome third = launch(input, "--journal", journal.toString(), "--retry-failed");

    assertThat(first.results()).hasSize(3);
    // lea_j1 launched and lea_jPaused1 refused for good are final; lea_jBoom1 (5xx after its retries) is not.
    assertThat(byLead(second).get("lea_j1").getString("code")).isEqualTo("RESUMED");
    assertThat(byLead(second).get("lea_jPaused1").getString("code")).isEqualTo("RESUMED");
    assertThat(byLead(second).get("lea_jBoom1").getString("code")).isEqualTo("HTTP_500");
    assertThat(afterSecond - afterFirst).isEqualTo(2);
    assertThat(byLead(third).get("lea_j1").getString("code")).isEqualTo("RESUMED");
    assertThat(byLead(third).get("lea_jPaused1").getString("code")).isEqualTo("CAMPAIGN_LEAD_REVIEW_LEAD_PAUSED");
  }

  @Test
  void badOptionIsExitTwoAndSendsNothing() {
    CliHarness.Outcome badRate = launch("lea_x1\n", "--rate", "fast");
    CliHarness.Outcome missingFile = launch("", "/no/such/file.txt");

    assertThat(badRate.exitCode()).isEqualTo(2);
    assertThat(badRate.stderr()).contains("--rate");
    assertThat(missingFile.exitCode()).isEqualTo(2);
    assertThat(missingFile.stderr()).contains("/no/such/file.txt");
    assertThat(simulator.stats().getLong("requests")).isZero();
  }

  @Test
  void dryRunValidatesAndDeduplicatesWithoutSending() {
    CliHarness.Outcome outcome = launch("lea_d1\nlea_d1\nnope\nlea_d2\n", "--dry-run");

    assertThat(outcome.results()).hasSize(4);
    assertThat(outcome.results().stream().map(r -> r.getString("code")))
        .containsExactlyInAnyOrder("DRY_RUN", "DUPLICATE", "INVALID_LEAD_ID", "DRY_RUN");
    assertThat(simulator.stats().getLong("requests")).isZero();
  }
}
