package dev.bulklaunch.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run through 5% 5xx, 2% dropped connections, 2% stalls past the timeout and a 2 s outage mid-run loses no lead
 * and launches none twice, except that a stalled request did launch and its retry's ALREADY_LAUNCHED is `launched`.
 */
class FaultRunTest {

  private static final int LEADS = 400;

  @TempDir
  Path tmp;

  @Test
  void errorsDropsStallsAndAnOutageLoseNoLeadAndLaunchNoneTwice() throws Exception {
    try (SimulatorProbe sim = SimulatorProbe.start(new JsonObject().put("rate", "100/1s").put("seed", 11)
        .put("errorRate", 0.05).put("dropRate", 0.02).put("stallRate", 0.02).put("stallMs", 3000)
        .put("latency", new JsonObject().put("dist", "uniform").put("minMs", 5).put("maxMs", 30)))) {
      Workbench bench = new Workbench(tmp);
      List<String> leads = Workbench.leadIds("f", LEADS);
      Path journal = tmp.resolve("journal.ndjson");
      LauncherProcess run = bench.launch(sim, bench.leadFile("leads.txt", leads), "--rate", "100/1s",
          "--max-in-flight", "10", "--timeout", "1s", "--retries", "5", "--journal", journal.toString());
      Path stdout = tmp.resolve("run1.out");
      Await.until(Duration.ofSeconds(30), "150 leads are done", () -> NdjsonFile.countLines(stdout) >= 150);
      sim.outage(2000);
      int exit = run.awaitExit(Duration.ofSeconds(45));

      List<JsonObject> output = NdjsonFile.parseAll(stdout);
      Map<String, JsonObject> byLead = NdjsonFile.lastByLead(output);
      Map<String, JsonObject> atSimulator = sim.leads(leads);
      JsonObject stats = sim.stats();
      long relaunchedAfterAmbiguity = output.stream().filter(FaultRunTest::launchedByAnEarlierAttempt).count();
      // A cold launcher JVM on a busy machine can take longer than the scaled timeout to hear its very first
      // answers; those leads (among the first max-in-flight) are re-sent like stalls, so they are counted apart.
      long coldStartTimeouts = output.stream().filter(FaultRunTest::launchedByAnEarlierAttempt)
          .filter(r -> r.getLong("line") <= 10).count();
      System.out.printf("faults: %d leads, %d requests, %d 5xx, %d dropped, %d stalled, %d refused in the outage,"
              + " %d launches, %d duplicate launches, %d launched via ALREADY_LAUNCHED after a lost answer"
              + " (%d of them in the cold first batch), %d lost, exit %d%n", LEADS, stats.getLong("requests"), stats.getLong("injectedErrors"),
          stats.getLong("dropped"), stats.getLong("stalled"), stats.getLong("outageRejected"), stats.getLong("launches"),
          stats.getLong("duplicateLaunches"), relaunchedAfterAmbiguity, coldStartTimeouts, LEADS - byLead.size(), exit);

      assertThat(stats.getLong("injectedErrors")).isPositive();
      assertThat(stats.getLong("dropped")).isPositive();
      assertThat(stats.getLong("stalled")).isPositive();
      assertThat(stats.getLong("outageRejected")).as("requests refused during the outage").isPositive();
      assertThat(output).as("one line per input lead").hasSize(LEADS);
      assertThat(byLead.keySet()).containsExactlyInAnyOrderElementsOf(leads);
      assertThat(output).allSatisfy(r -> assertThat(r.getString("status")).as("%s", r).isEqualTo("launched"));
      assertThat(exit).as(run.stderr()).isZero();
      assertThat(atSimulator.values()).allSatisfy(lead -> assertThat(lead.getBoolean("launched")).isTrue());
      long extraLaunchAttempts = atSimulator.values().stream().mapToLong(lead -> lead.getInteger("launchAttempts") - 1).sum();
      assertThat(stats.getLong("duplicateLaunches")).as("only retries of stalled requests launch twice")
          .isLessThanOrEqualTo(stats.getLong("stalled") + coldStartTimeouts)
          .isEqualTo(extraLaunchAttempts);
      atSimulator.forEach((leadId, lead) -> {
        if (lead.getInteger("launchAttempts") > 1) {
          assertThat(launchedByAnEarlierAttempt(byLead.get(leadId))).as("%s", byLead.get(leadId)).isTrue();
        }
      });
      assertThat(NdjsonFile.parseAll(journal)).hasSize(LEADS);
    }
  }

  private static boolean launchedByAnEarlierAttempt(JsonObject result) {
    return "launched".equals(result.getString("status")) && result.getInteger("http", 0) == 400
        && result.getInteger("attempts") > 1;
  }
}
