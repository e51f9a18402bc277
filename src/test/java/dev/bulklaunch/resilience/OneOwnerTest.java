package dev.bulklaunch.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One owner per data directory and per journal, as processes: a second {@code serve} on a directory in use, or a second
 * run on a journal in use, exits 2 naming the holder and leaves the first one's work alone.
 */
class OneOwnerTest {

  @TempDir
  Path tmp;
  private SimulatorProbe sim;
  private final List<LauncherProcess> processes = new ArrayList<>();

  @BeforeEach
  void start() {
    sim = SimulatorProbe.start(new JsonObject().put("rate", "100/1s").put("seed", 3)
        .put("latency", new JsonObject().put("dist", "uniform").put("minMs", 20).put("maxMs", 40)));
  }

  @AfterEach
  void stop() throws Exception {
    for (LauncherProcess process : processes) {
      process.kill();
    }
    sim.close();
  }

  @Test
  void aSecondServerOnADataDirectoryInUseExits2NamingTheHolderAndLeavesThePausedJobAlone() throws Exception {
    Path dataDir = Files.createDirectories(tmp.resolve("data"));
    List<String> leads = Workbench.leadIds("o", 600);
    ServerProcess first = ServerProcess.start(tmp, "first", sim, dataDir);
    processes.add(first.process);
    HttpResponse<String> created = first.upload("text/plain",
        leads.stream().collect(Collectors.joining("\n", "", "\n")).getBytes(StandardCharsets.UTF_8));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = new JsonObject(created.body()).getString("id");
    assertThat(first.post("/api/jobs/" + id + "/pause").statusCode()).isEqualTo(200);
    Path jobJson = dataDir.resolve("jobs").resolve(id).resolve("job.json");
    Path results = dataDir.resolve("jobs").resolve(id).resolve("results.ndjson");
    Await.until(Duration.ofSeconds(30), "every request of the paused job is answered and its result written",
        () -> settled(first, id, results));
    long requestsAtPause = sim.stat("requests");
    int resultsAtPause = NdjsonFile.countLines(results);

    ServerProcess second = ServerProcess.launch(tmp, "second", sim, dataDir);
    processes.add(second.process);
    int exit = second.process.awaitExit(Duration.ofSeconds(30));
    String refusal = second.process.stderr();
    System.out.printf("second serve on a data directory in use: exit %d, stderr: %s", exit, refusal);

    assertThat(exit).isEqualTo(2);
    assertThat(refusal.lines().filter(line -> line.startsWith("error:")).toList()).singleElement().satisfies(line ->
        assertThat(line).contains("data directory " + dataDir.toAbsolutePath(), "in use by host ",
            "pid " + first.process.pid(), "--data-dir"));
    assertThat(first.job(id).getString("state")).isEqualTo("paused");
    assertThat(new JsonObject(Files.readString(jobJson)).getString("state"))
        .as("the second server did not mark the first one's job interrupted").isEqualTo("paused");
    assertThat(NdjsonFile.countLines(results)).isEqualTo(resultsAtPause);
    assertThat(sim.stat("requests")).as("nothing was sent by the second server").isEqualTo(requestsAtPause);
  }

  /**
   * Every request sent has come to an outcome that is counted (a result, a retry or a 429 to wait out) and every result
   * is written (one batch per event-loop turn, a moment after it is counted). An answer is counted a moment before its
   * outcome, so "nothing in flight" alone is not enough; every lead here is valid, so each result took a request.
   */
  private boolean settled(ServerProcess server, String id, Path results) {
    try {
      JsonObject counts = server.job(id).getJsonObject("counts");
      long sent = counts.getLong("sent", 0L);
      long known = counts.getLong("launched", 0L) + counts.getLong("skipped", 0L) + counts.getLong("failed", 0L);
      long outcomes = known + counts.getLong("retries", 0L) + counts.getLong("rateLimited", 0L);
      return counts.getLong("inFlight", 0L) == 0 && sim.stat("requests") == sent && outcomes == sent
          && NdjsonFile.countLines(results) == known;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void aSecondRunOnAJournalInUseExits2NamingTheHolderAndSendsNothing() throws Exception {
    Workbench bench = new Workbench(tmp);
    Path journal = tmp.resolve("journal.ndjson");
    String[] slow = {"--rate", "5/1s", "--journal", journal.toString()};
    LauncherProcess first = bench.launch(sim, bench.leadFile("first.txt", Workbench.leadIds("a", 100)), slow);
    processes.add(first);
    Await.until(Duration.ofSeconds(20), "the first run journals a result", () -> NdjsonFile.countLines(journal) > 0);
    long requestsBefore = sim.stat("requests");

    LauncherProcess second = bench.launch(sim, bench.leadFile("second.txt", Workbench.leadIds("b", 10)), slow);
    processes.add(second);
    int exit = second.awaitExit(Duration.ofSeconds(30));
    String refusal = second.stderr();
    System.out.printf("second run on a journal in use: exit %d, stderr: %s", exit, refusal);

    assertThat(exit).isEqualTo(2);
    assertThat(refusal.lines().filter(line -> line.startsWith("error:")).toList()).singleElement().satisfies(line ->
        assertThat(line).contains("journal " + journal.toAbsolutePath(), "in use by host ", "pid " + first.pid()));
    assertThat(second.stdoutLines()).isEmpty();
    assertThat(sim.lead("lea_b1").getLong("attempts", 0L)).as("the second run sent nothing").isZero();
    assertThat(sim.stat("requests")).isLessThanOrEqualTo(requestsBefore + 5 * 30);
    assertThat(first.isAlive()).as("the first run goes on").isTrue();
  }
}
