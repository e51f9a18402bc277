package dev.bulklaunch.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL a launch at several points and resume it with the same journal: every lead ends with exactly one final
 * result, and no lead the journal had already finished is ever sent again. Only a lead whose request was on the
 * wire at a kill may be sent twice; the re-sent request answers ALREADY_LAUNCHED and, since the journal's send log
 * shows our earlier request left, the lead ends `launched`.
 */
class CrashResumeTest {

  private static final String ALREADY_LAUNCHED = "CAMPAIGN_LEAD_REVIEW_LEAD_ALREADY_LAUNCHED";
  private static final String PAUSED = "CAMPAIGN_LEAD_REVIEW_LEAD_PAUSED";
  private static final int LEADS = 300;
  private static final int MAX_IN_FLIGHT = 10;

  @TempDir
  Path tmp;
  private SimulatorProbe sim;
  private Workbench bench;

  @BeforeEach
  void start() throws Exception {
    // Spurious 429s (2% of accepted requests, Retry-After 1 s) give every run pauses to be killed in.
    sim = SimulatorProbe.start(new JsonObject().put("rate", "100/1s").put("seed", 5)
        .put("spurious429Rate", 0.02).put("spuriousRetryAfterSec", 1)
        .put("latency", new JsonObject().put("dist", "uniform").put("minMs", 20).put("maxMs", 80)));
    bench = new Workbench(tmp);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void killedBeforeTheFirstResultMidRunAndDuringA429PauseEveryLeadEndsWithOneFinalResultAndNoneIsRelaunched()
      throws Exception {
    // One lead in 30 is paused at lemlist: its final result is `failed` with lemlist's code.
    List<String> leads = Workbench.leadIds("k", LEADS).stream()
        .map(id -> Integer.parseInt(id.substring(5)) % 30 == 15 ? id + "paused" : id).toList();
    List<String> launchable = leads.stream().filter(id -> !id.endsWith("paused")).toList();
    Path input = bench.leadFile("leads.txt", leads);
    Path journal = tmp.resolve("journal.ndjson");
    String[] paced = {"--rate", "100/1s", "--max-in-flight", String.valueOf(MAX_IN_FLIGHT), "--timeout", "5s",
        "--journal", journal.toString()};
    List<Map<String, Long>> finishedAtKill = new ArrayList<>();

    LauncherProcess beforeFirstResult = bench.launch(sim, input, paced);
    Await.until(Duration.ofSeconds(20), "the first request reaches the simulator", () -> sim.stat("requests") > 0);
    beforeFirstResult.kill();
    int linesAtFirstKill = NdjsonFile.countLines(journal);
    finishedAtKill.add(finishedWithAttempts(journal));

    LauncherProcess midRun = bench.launch(sim, input, paced);
    Await.until(Duration.ofSeconds(20), "100 more results are journaled",
        () -> NdjsonFile.countLines(journal) >= linesAtFirstKill + 100);
    midRun.kill();
    finishedAtKill.add(finishedWithAttempts(journal));

    long rateLimitedBefore = sim.stat("rateLimited");
    LauncherProcess during429Pause = bench.launch(sim, input, paced);
    Await.until(Duration.ofSeconds(20), "the simulator answers 429", () -> sim.stat("rateLimited") > rateLimitedBefore);
    during429Pause.kill();
    finishedAtKill.add(finishedWithAttempts(journal));
    boolean unfinishedLeft = finishedAtKill.get(2).size() < LEADS;

    LauncherProcess resumed = bench.launch(sim, input, paced);
    int exit = resumed.awaitExit(Duration.ofSeconds(30));

    List<JsonObject> journaled = NdjsonFile.parseAll(journal);
    Map<String, JsonObject> last = NdjsonFile.lastByLead(journaled);
    Map<String, JsonObject> atSimulator = sim.leads(leads);
    JsonObject stats = sim.stats();
    List<String> resentInFlight = last.values().stream()
        .filter(CrashResumeTest::launchedByAnEarlierRequest)
        .map(r -> r.getString("leadId")).toList();
    System.out.printf("crash/resume: %d leads, 3 SIGKILLs (%d journal lines at the first kill, %s leads final at each kill), %d requests, %d launches,"
            + " %d duplicate launches, %d leads re-sent after a kill and reported launched, %d 429s,"
            + " leads by launch attempts at the simulator %s%n",
        LEADS, linesAtFirstKill, finishedAtKill.stream().map(m -> String.valueOf(m.size())).collect(Collectors.joining("/")),
        stats.getLong("requests"), stats.getLong("launches"), stats.getLong("duplicateLaunches"),
        resentInFlight.size(), stats.getLong("rateLimited"), atSimulator.values().stream()
            .collect(Collectors.groupingBy(lead -> lead.getInteger("launchAttempts"), java.util.TreeMap::new,
                Collectors.counting())));

    assertThat(unfinishedLeft).as("the last kill came before every lead was finished").isTrue();
    assertThat(exit).as(resumed.stderr()).isEqualTo(
        output(tmp.resolve("run4.out")).stream().anyMatch(r -> "failed".equals(r.getString("status"))) ? 1 : 0);
    List<JsonObject> output = output(tmp.resolve("run4.out"));
    assertThat(output.stream().map(r -> r.getString("leadId"))).containsExactlyInAnyOrderElementsOf(leads);
    assertThat(last.keySet()).containsExactlyInAnyOrderElementsOf(leads);
    assertThat(last.values()).allSatisfy(result -> assertThat(isFinal(result)).as("final result %s", result).isTrue());
    leads.forEach(leadId -> assertThat(atSimulator.get(leadId).getBoolean("launched")).as(leadId)
        .isEqualTo(launchable.contains(leadId)));
    assertThat(last.values().stream().filter(r -> PAUSED.equals(r.getString("code")))).hasSize(LEADS - launchable.size());
    for (Map<String, Long> finished : finishedAtKill) {
      finished.forEach((leadId, attempts) -> assertThat(atSimulator.get(leadId).getLong("attempts"))
          .as("requests for %s, journaled final before a kill", leadId).isEqualTo(attempts));
    }
    assertThat(stats.getLong("duplicateLaunches"))
        .as("only leads on the wire at a kill are launched twice")
        .isGreaterThanOrEqualTo(resentInFlight.size())
        .isLessThanOrEqualTo(3L * MAX_IN_FLIGHT);
    assertThat(last.values().stream().filter(r -> ALREADY_LAUNCHED.equals(r.getString("code"))))
        .as("a lead re-sent after a kill is reported launched, not skipped").isEmpty();
    last.values().stream().filter(r -> "launched".equals(r.getString("status")))
        .filter(r -> !launchedByAnEarlierRequest(r)).forEach(result ->
        assertThat(atSimulator.get(result.getString("leadId")).getInteger("launchAttempts"))
            .as("launch attempts of %s, reported launched", result.getString("leadId")).isEqualTo(1));
    resentInFlight.forEach(leadId -> assertThat(atSimulator.get(leadId).getInteger("launchAttempts"))
        .as("launch attempts of %s", leadId).isGreaterThanOrEqualTo(2));
  }

  /** Launched, as lemlist answered ALREADY_LAUNCHED to a request after one of ours whose answer was lost. */
  private static boolean launchedByAnEarlierRequest(JsonObject result) {
    return "launched".equals(result.getString("status")) && result.getInteger("http", 0) == 400;
  }

  /** What the simulator had seen of each lead the journal already called final, at the moment of a kill. */
  private Map<String, Long> finishedWithAttempts(Path journal) throws Exception {
    Map<String, Long> finished = new HashMap<>();
    for (JsonObject result : NdjsonFile.lastByLead(NdjsonFile.parseAll(journal)).values()) {
      if (isFinal(result)) {
        String leadId = result.getString("leadId");
        finished.put(leadId, sim.lead(leadId).getLong("attempts"));
      }
    }
    return finished;
  }

  /** Launched, skipped as already launched, or refused by lemlist on purpose: nothing a re-run may send again. */
  private static boolean isFinal(JsonObject result) {
    return "launched".equals(result.getString("status"))
        || "skipped".equals(result.getString("status")) && ALREADY_LAUNCHED.equals(result.getString("code"))
        || "failed".equals(result.getString("status")) && PAUSED.equals(result.getString("code"));
  }

  private static List<JsonObject> output(Path stdout) throws Exception {
    return NdjsonFile.parseAll(stdout);
  }
}
