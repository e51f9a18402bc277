package dev.bulklaunch.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM stops a launch gracefully (exit 3, summary, consistent journal); a second SIGINT ends it at once. */
class SignalStopTest {

  private static final int LEADS = 300;

  @TempDir
  Path tmp;

  @Test
  void sigtermMidRunExitsThreeWithTheSummaryAndAJournalLineForEveryLeadThatWasSent() throws Exception {
    try (SimulatorProbe sim = SimulatorProbe.start(new JsonObject().put("rate", "100/1s")
        .put("latency", new JsonObject().put("dist", "uniform").put("minMs", 20).put("maxMs", 80)))) {
      Workbench bench = new Workbench(tmp);
      List<String> leads = Workbench.leadIds("t", LEADS);
      Path input = bench.leadFile("leads.txt", leads);
      Path journal = tmp.resolve("journal.ndjson");
      String[] options = {"--rate", "100/1s", "--max-in-flight", "10", "--timeout", "5s", "--journal",
          journal.toString()};

      LauncherProcess run = bench.launch(sim, input, options);
      Await.until(Duration.ofSeconds(20), "60 results are journaled", () -> NdjsonFile.countLines(journal) >= 60);
      run.signal("TERM");
      int exit = run.awaitExit(Duration.ofSeconds(15));

      List<JsonObject> journaled = NdjsonFile.parseAll(journal);
      List<JsonObject> output = NdjsonFile.parseAll(tmp.resolve("run1.out"));
      Map<String, JsonObject> atSimulator = sim.leads(leads);
      Map<String, JsonObject> journalByLead = NdjsonFile.lastByLead(journaled);
      Map<String, JsonObject> outputByLead = NdjsonFile.lastByLead(output);
      long sentLeads = atSimulator.values().stream().filter(lead -> lead.getInteger("attempts") > 0).count();
      System.out.printf("sigterm: %d leads, stopped after %d journal lines, %d stdout lines, %d leads sent,"
          + " %d aborted%n", LEADS, journaled.size(), output.size(), sentLeads,
          output.stream().filter(r -> "ABORTED".equals(r.getString("code"))).count());

      assertThat(exit).as(run.stderr()).isEqualTo(3);
      assertThat(run.stderr()).contains("summary:").contains("stopped early");
      assertThat(journalByLead.size()).as("journal: one line per lead").isEqualTo(journaled.size());
      assertThat(outputByLead.size()).as("stdout: one line per lead").isEqualTo(output.size());
      assertThat(output.size()).isLessThan(LEADS);
      atSimulator.forEach((leadId, lead) -> {
        if (lead.getInteger("attempts") > 0) {
          assertThat(journalByLead).as("a request went out for %s", leadId).containsKey(leadId);
          assertThat(outputByLead).as("a request went out for %s", leadId).containsKey(leadId);
        }
        if (lead.getBoolean("launched")) {
          assertThat(journalByLead.get(leadId).getString("status")).as("%s launched at the simulator", leadId)
              .isEqualTo("launched");
        }
      });
      journalByLead.forEach((leadId, result) -> assertThat(outputByLead.get(leadId).encode())
          .as("journal and stdout agree on %s", leadId).isEqualTo(result.encode()));

      // Nothing was on the wire when it stopped, so resuming launches the rest without a single second launch.
      LauncherProcess resumed = bench.launch(sim, input, options);
      assertThat(resumed.awaitExit(Duration.ofSeconds(30))).as(resumed.stderr()).isZero();
      assertThat(sim.stat("launches")).isEqualTo(LEADS);
      assertThat(sim.stat("duplicateLaunches")).isZero();
      assertThat(NdjsonFile.parseAll(tmp.resolve("run2.out"))).hasSize(LEADS);
    }
  }

  @Test
  void sigtermDuringA429PauseStopsWithoutWaitingOutRetryAfterAndAbortsTheWaitingLeads() throws Exception {
    try (SimulatorProbe sim = SimulatorProbe.start(new JsonObject().put("rate", "100/1s").put("seed", 3)
        .put("spurious429Rate", 0.05).put("spuriousRetryAfterSec", 20)
        .put("latency", new JsonObject().put("dist", "uniform").put("minMs", 20).put("maxMs", 80)))) {
      Workbench bench = new Workbench(tmp);
      List<String> leads = Workbench.leadIds("p", 100);
      Path journal = tmp.resolve("journal.ndjson");
      LauncherProcess run = bench.launch(sim, bench.leadFile("leads.txt", leads), "--rate", "100/1s",
          "--max-in-flight", "10", "--timeout", "5s", "--journal", journal.toString());
      Await.until(Duration.ofSeconds(20), "the simulator answers 429 (Retry-After 20 s)",
          () -> sim.stat("rateLimited") > 0);
      long requestsAtSignal = sim.stat("requests");
      run.signal("TERM");

      assertThat(run.exitsWithin(Duration.ofSeconds(8))).as("stopped inside the 20 s pause").isTrue();
      assertThat(run.exitValue()).as(run.stderr()).isEqualTo(3);
      assertThat(run.stderr()).contains("summary:").contains("stopped early");
      List<JsonObject> output = NdjsonFile.parseAll(tmp.resolve("run1.out"));
      Map<String, JsonObject> journalByLead = NdjsonFile.lastByLead(NdjsonFile.parseAll(journal));
      assertThat(NdjsonFile.lastByLead(output)).hasSameSizeAs(output);
      assertThat(output.stream().filter(r -> "ABORTED".equals(r.getString("code")))).as("leads held by the 429")
          .isNotEmpty();
      assertThat(sim.stat("requests")).as("nothing sent after the signal").isLessThanOrEqualTo(requestsAtSignal + 10);
      sim.leads(leads).forEach((leadId, lead) -> {
        if (lead.getInteger("attempts") > 0) {
          assertThat(journalByLead).as("a request went out for %s", leadId).containsKey(leadId);
        }
        if (lead.getBoolean("launched")) {
          assertThat(journalByLead.get(leadId).getString("status")).as("%s", leadId).isEqualTo("launched");
        }
      });
    }
  }

  @Test
  void aSecondSigintEndsTheRunAtOnceWithoutWaitingForAnswersAndLeavesAParseableJournal() throws Exception {
    // Answers take 3 s: a graceful stop would wait for them; the second Ctrl-C must not.
    try (SimulatorProbe sim = SimulatorProbe.start(new JsonObject().put("rate", "100/1s")
        .put("latency", new JsonObject().put("dist", "fixed").put("ms", 3000)))) {
      Workbench bench = new Workbench(tmp);
      List<String> leads = Workbench.leadIds("i", 100);
      Path journal = tmp.resolve("journal.ndjson");
      LauncherProcess run = bench.launch(sim, bench.leadFile("leads.txt", leads), "--rate", "100/1s",
          "--max-in-flight", "10", "--timeout", "10s", "--journal", journal.toString());
      Await.until(Duration.ofSeconds(20), "the first answers are journaled and the next requests are out",
          () -> NdjsonFile.countLines(journal) >= 10 && sim.stat("requests") >= 20);

      run.signal("INT");
      // Two signals sent back to back can reach the JVM as one (a pending signal is not queued twice): the second
      // goes once the first was taken in, as a person's second Ctrl-C does.
      Await.until(Duration.ofSeconds(5), "the first Ctrl-C to be taken in", () -> run.stderr().contains("stopping:"));
      run.signal("INT");

      assertThat(run.exitsWithin(Duration.ofMillis(2500))).as("ended before the 3 s answers came back").isTrue();
      assertThat(run.exitValue()).isEqualTo(3);
      List<JsonObject> journaled = NdjsonFile.parseAll(journal);
      assertThat(journaled).hasSizeBetween(10, 20);
      assertThat(NdjsonFile.lastByLead(journaled)).hasSameSizeAs(journaled);
      Map<String, Integer> unanswered = new HashMap<>();
      sim.leads(leads).forEach((leadId, lead) -> {
        if (lead.getInteger("attempts") > 0 && journaled.stream().noneMatch(r -> r.getString("leadId").equals(leadId))) {
          unanswered.put(leadId, lead.getInteger("attempts"));
        }
      });
      assertThat(unanswered).as("requests on the wire when it quit: no result, re-sent on the next run").isNotEmpty();
    }
  }
}
