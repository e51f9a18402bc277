package dev.bulklaunch.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lemlist unreachable for 10 s mid-run: the key's scheduler notices, holds every sender and probes, so leads do not
 * burn their retries on a server that is down, and the run carries on by itself when it is back.
 */
class OutageTest {

  private static final int LEADS = 300;

  @TempDir
  Path tmp;

  @Test
  void aTenSecondOutageCostsNoLeadAndNoRetryAndTheRunResumesByItself() throws Exception {
    try (SimulatorProbe sim = SimulatorProbe.start(new JsonObject().put("rate", "100/1s")
        .put("latency", new JsonObject().put("dist", "uniform").put("minMs", 5).put("maxMs", 30)))) {
      Workbench bench = new Workbench(tmp);
      List<String> leads = Workbench.leadIds("o", LEADS);
      Path stdout = tmp.resolve("run1.out");
      // One retry only: without the outage hold, every lead sent during 10 s of refused connections would fail.
      LauncherProcess run = bench.launch(sim, bench.leadFile("leads.txt", leads), "--rate", "100/1s",
          "--max-in-flight", "10", "--retries", "1");
      Await.until(Duration.ofSeconds(30), "60 leads are done", () -> NdjsonFile.countLines(stdout) >= 60);
      sim.outage(10_000);
      int exit = run.awaitExit(Duration.ofSeconds(60));

      List<JsonObject> output = NdjsonFile.parseAll(stdout);
      JsonObject stats = sim.stats();
      System.out.printf("outage: %d leads, %d requests refused during 10 s down, %d launches, %d duplicate launches%n",
          LEADS, stats.getLong("outageRejected"), stats.getLong("launches"), stats.getLong("duplicateLaunches"));

      assertThat(exit).as(run.stderr()).isZero();
      assertThat(output).hasSize(LEADS).allSatisfy(r -> assertThat(r.getString("status")).isEqualTo("launched"));
      assertThat(stats.getLong("launches")).isEqualTo(LEADS);
      // The requests in flight when it went down, the few that tipped it into an outage, then one probe at a time.
      assertThat(stats.getLong("outageRejected")).isBetween(1L, 30L);
      assertThat(run.stderr()).contains("lemlist does not answer").contains("sending resumed");
    }
  }
}
