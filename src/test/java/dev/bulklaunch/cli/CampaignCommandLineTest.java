package dev.bulklaunch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulklaunch.campaign.ExportProbe;
import dev.bulklaunch.simulator.LemlistSimulator;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --campaign} and {@code campaigns} against the built-in simulator's generated campaigns. */
class CampaignCommandLineTest {

  private static final String KEY = "campaign-key-1";
  private static SimulatedLemlist lemlist;
  private static LemlistSimulator simulator;
  private static ExportProbe probe;
  @TempDir
  static Path tmp;
  private static Path keyFile;

  @BeforeAll
  static void startSimulator() throws Exception {
    lemlist = SimulatedLemlist.start(new JsonObject()
        .put("apiKeys", List.of(KEY))
        .put("extraCampaigns", 150)
        .put("latency", new JsonObject().put("dist", "uniform").put("minMs", 2).put("maxMs", 10)));
    simulator = lemlist.simulator;
    probe = new ExportProbe(simulator.baseUrl(), KEY);
    keyFile = Files.writeString(tmp.resolve("key"), KEY + "\n");
  }

  @AfterAll
  static void stop() {
    lemlist.close();
  }

  @BeforeEach
  void resetSimulator() {
    simulator.reset();
  }

  private static CliHarness.Outcome launch(String... extra) {
    List<String> options = new ArrayList<>(List.of("--api-key-file", keyFile.toString()));
    options.addAll(List.of(extra));
    return lemlist.launch("lea_fromStdinMustNotBeRead\n", options);
  }

  private static Set<String> leadIds(CliHarness.Outcome outcome) {
    return outcome.results().stream().map(r -> r.getString("leadId")).collect(Collectors.toSet());
  }

  @Test
  void launchesExactlyTheReviewLeadsThatPassTheEmailFilterOnceAndNoOtherLeadOfTheExport() {
    List<JsonObject> export = probe.export("cam_leads300");
    Set<String> expected = probe.reviewLeads("cam_leads300", Set.of("deliverable", "risky"));
    int waiting = probe.reviewLeads("cam_leads300", Set.of()).size();
    simulator.reset();

    CliHarness.Outcome outcome = launch("--campaign", "cam_leads300", "--email-status", "deliverable,risky");

    assertThat(outcome.exitCode()).isZero();
    assertThat(expected).isNotEmpty().hasSizeLessThan(waiting);
    assertThat(outcome.results()).hasSize(expected.size());
    assertThat(leadIds(outcome)).isEqualTo(expected);
    assertThat(outcome.results()).allMatch(r -> r.getString("campaignId").equals("cam_leads300")
        && r.getString("status").equals("launched"));
    for (JsonObject lead : export) {
      String id = lead.getString("_id");
      assertThat(probe.attempts(id)).as(id).isEqualTo(expected.contains(id) ? 1 : 0);
    }
    assertThat(simulator.stats().getLong("duplicateLaunches")).isZero();
    assertThat(outcome.stderr()).contains("campaign cam_leads300: 300 leads, " + waiting + " waiting for review, " + expected.size() + " selected");
  }

  @Test
  void aSecondRunFindsNothingLeftAndExitsZeroWithNoLines() {
    CliHarness.Outcome first = launch("--campaign", "cam_leads120");
    CliHarness.Outcome second = launch("--campaign", "cam_leads120");

    assertThat(first.exitCode()).isZero();
    assertThat(first.results()).isNotEmpty();
    assertThat(second.exitCode()).isZero();
    assertThat(second.results()).isEmpty();
    assertThat(second.stderr()).contains("campaign cam_leads120: 120 leads, 0 waiting for review, 0 selected");
    assertThat(simulator.stats().getLong("launches")).isEqualTo(first.results().size());
  }

  @Test
  void anUnknownCampaignExitsTwoNamingItAndNothingIsLaunched() {
    CliHarness.Outcome outcome = launch("--campaign", "cam_demo", "--campaign", "cam_nosuchthing");

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.stderr()).contains("cam_nosuchthing").contains("404");
    assertThat(outcome.results()).isEmpty();
    assertThat(simulator.stats().getLong("requests")).isEqualTo(2); // the two exports, no launch
    assertThat(simulator.stats().getLong("launches")).isZero();
  }

  @Test
  void aRefusedKeyExitsThree() throws Exception {
    Path wrongKey = Files.writeString(tmp.resolve("wrong-key"), "not-the-key");
    CliHarness.Outcome outcome = CliHarness.run("", "--base-url", simulator.baseUrl(), "--api-key-file",
        wrongKey.toString(), "--progress", "never", "--campaign", "cam_demo");

    assertThat(outcome.exitCode()).isEqualTo(3);
    assertThat(outcome.stderr()).contains("401").doesNotContain("not-the-key");
    assertThat(simulator.stats().getLong("launches")).isZero();
  }

  @Test
  void a429AndA503OnTheExportAreWaitedOutAndRetried() {
    long expected = probe.reviewLeads("cam_leads100Busy", Set.of()).size()
        + probe.reviewLeads("cam_leads100Shaky", Set.of()).size();
    simulator.reset();

    CliHarness.Outcome outcome = launch("--dry-run", "--campaign", "cam_leads100Busy", "--campaign", "cam_leads100Shaky");

    JsonObject stats = simulator.stats();
    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
    assertThat(outcome.results()).hasSize((int) expected);
    assertThat(stats.getLong("spurious429")).isEqualTo(1);
    assertThat(stats.getLong("injectedErrors")).isEqualTo(1);
    assertThat(stats.getLong("exports")).isEqualTo(2);
    assertThat(stats.getLong("requests")).isEqualTo(4);
    assertThat(stats.getLong("retryAfterViolations")).as("a request inside the 429's Retry-After").isZero();
  }

  @Test
  void aServerThatIgnoresFormatJsonAndAnswersCsvIsReadToo() {
    String csv = probe.rawExport("cam_leads150Csv");
    Set<String> expected = csv.lines().skip(1).map(line -> line.split(",")).filter(f -> f[1].equals("review"))
        .map(f -> f[0]).collect(Collectors.toSet());
    assertThat(csv).startsWith("_id,status,");

    CliHarness.Outcome outcome = launch("--dry-run", "--campaign", "cam_leads150Csv");

    assertThat(outcome.exitCode()).isZero();
    assertThat(expected).isNotEmpty();
    assertThat(leadIds(outcome)).isEqualTo(expected);
  }

  @Test
  void noFakePersonalValueReachesStdoutStderrOrTheJournal() throws Exception {
    Path journal = tmp.resolve("campaign.journal");
    Set<Path> queuesBefore = reviewQueueFiles();
    CliHarness.Outcome outcome = launch("--campaign", "cam_demo", "--journal", journal.toString());

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.results()).isNotEmpty();
    String everything = String.join("\n", outcome.results().toString(), outcome.stderr(), Files.readString(journal),
        Files.exists(Path.of(journal + ".sending")) ? Files.readString(Path.of(journal + ".sending")) : "");
    assertThat(probe.export("cam_demo").get(0).getString("email")).contains(ExportProbe.PERSONAL_MARKERS.get(0));
    for (String marker : ExportProbe.PERSONAL_MARKERS) {
      assertThat(everything).doesNotContain(marker);
    }
    assertThat(reviewQueueFiles()).as("the run's queue file is deleted").isSubsetOf(queuesBefore);
  }

  private static Set<Path> reviewQueueFiles() throws java.io.IOException {
    try (Stream<Path> temp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return temp.filter(p -> p.getFileName().toString().startsWith("lemlist-review-queue-")).collect(Collectors.toSet());
    }
  }

  @Test
  void campaignsListsEveryPageOneJsonLineEach() {
    CliHarness.Outcome outcome = CliHarness.run("", "campaigns", "--base-url", simulator.baseUrl(), "--api-key-file",
        keyFile.toString());

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.results()).hasSize(154);
    assertThat(outcome.results().stream().map(c -> c.getString("_id")).distinct()).hasSize(154);
    assertThat(outcome.results().get(0)).isEqualTo(new JsonObject().put("_id", "cam_demo")
        .put("name", "Demo: spring outreach").put("status", "running"));
    assertThat(simulator.stats().getLong("requests")).isEqualTo(2);
  }

  @Test
  void aBadCampaignIdOrEmailStatusIsExitTwoBeforeAnyRequest() {
    assertThat(launch("--campaign", "lea_notACampaign").exitCode()).isEqualTo(2);
    assertThat(launch("--campaign", "cam_demo", "--email-status", "great").exitCode()).isEqualTo(2);
    assertThat(simulator.stats().getLong("requests")).isZero();
  }
}
