package dev.bulklaunch.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * SIGKILL {@code scripts/launch serve} (a real process; the simulator stays in the test JVM) mid-run and mid-upload,
 * start a new server on the same {@code server.dataDir}, and check what it makes of the job.
 */
class ServerCrashTest {

  private static final String ALREADY_LAUNCHED = "CAMPAIGN_LEAD_REVIEW_LEAD_ALREADY_LAUNCHED";
  private static final int LEADS = 600;
  private static final int MAX_IN_FLIGHT = 10;

  @TempDir
  Path tmp;
  private SimulatorProbe sim;
  private Path dataDir;
  private final List<ServerProcess> servers = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    // The simulator launches a lead on arrival and answers 80-160 ms later: at any kill, requests are on the wire.
    sim = SimulatorProbe.start(new JsonObject().put("rate", "100/1s").put("seed", 7)
        .put("latency", new JsonObject().put("dist", "uniform").put("minMs", 80).put("maxMs", 160)));
    dataDir = Files.createDirectories(tmp.resolve("data"));
  }

  @AfterEach
  void stop() throws Exception {
    for (ServerProcess server : servers) {
      server.kill();
    }
    sim.close();
  }

  private ServerProcess server(String name) throws Exception {
    ServerProcess server = ServerProcess.start(tmp, name, sim, dataDir);
    servers.add(server);
    return server;
  }

  @Test
  void aServerKilledMidRunComesBackInterruptedAndItsResumeRelaunchesNoFinishedLead() throws Exception {
    List<String> leads = Workbench.leadIds("s", LEADS);
    ServerProcess first = server("serve1");
    HttpResponse<String> created = first.upload("text/plain",
        leads.stream().collect(Collectors.joining("\n", "", "\n")).getBytes(StandardCharsets.UTF_8));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = new JsonObject(created.body()).getString("id");
    Path results = dataDir.resolve("jobs").resolve(id).resolve("results.ndjson");

    Await.until(Duration.ofSeconds(20), "200 results are on disk", () -> NdjsonFile.countLines(results) >= 200);
    first.kill();
    List<JsonObject> beforeKill = NdjsonFile.parseAll(results);
    // The process is gone: what the simulator has seen of a lead with a result can no longer change unless resent.
    Map<String, Long> attemptsAtKill = new HashMap<>();
    for (JsonObject result : beforeKill) {
      attemptsAtKill.put(result.getString("leadId"), sim.lead(result.getString("leadId")).getLong("attempts"));
    }
    long launchesAtKill = sim.stat("launches");

    ServerProcess second = server("serve2");
    JsonObject restored = second.job(id);
    assertThat(restored.getString("state")).isEqualTo("interrupted");
    assertThat(restored.getJsonObject("upload").getBoolean("complete")).isTrue();
    HttpResponse<String> resumed = second.post("/api/jobs/" + id + "/resume");
    assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
    Await.until(Duration.ofSeconds(30), "the resumed job is done", () -> "done".equals(second.state(id)));

    HttpResponse<String> body = second.get("/api/jobs/" + id + "/results");
    assertThat(body.statusCode()).isEqualTo(200);
    List<JsonObject> all = body.body().lines().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
    Map<String, JsonObject> last = NdjsonFile.lastByLead(all);
    Map<String, Long> finalPerLead = all.stream().filter(ServerCrashTest::isFinal)
        .collect(Collectors.groupingBy(r -> r.getString("leadId"), Collectors.counting()));
    Map<String, JsonObject> atSimulator = sim.leads(leads);
    JsonObject stats = sim.stats();
    // Re-sent after the kill, they answer ALREADY_LAUNCHED; the job's send log shows our first request left, so
    // they are reported launched.
    List<String> resent = last.values().stream()
        .filter(r -> "launched".equals(r.getString("status")) && r.getInteger("http", 0) == 400)
        .map(r -> r.getString("leadId")).toList();
    System.out.printf("server crash/resume: %d leads, 1 SIGKILL after %d results (%d launches at the kill), "
            + "%d results served after the resume, %d requests, %d launches, %d duplicate launches, %d leads re-sent "
            + "and reported launched, leads lost: %d%n",
        LEADS, beforeKill.size(), launchesAtKill, all.size(), stats.getLong("requests"), stats.getLong("launches"),
        stats.getLong("duplicateLaunches"), resent.size(), LEADS - last.size());

    assertThat(last.keySet()).containsExactlyInAnyOrderElementsOf(leads);
    assertThat(last.values()).allSatisfy(r -> assertThat(isFinal(r)).as("last result %s is final", r).isTrue());
    assertThat(finalPerLead).hasSize(LEADS).allSatisfy((lead, n) -> assertThat(n).as(lead).isEqualTo(1L));
    attemptsAtKill.forEach((lead, attempts) -> assertThat(atSimulator.get(lead).getLong("attempts"))
        .as("requests for %s, which had a result before the kill", lead).isEqualTo(attempts));
    leads.forEach(lead -> assertThat(atSimulator.get(lead).getBoolean("launched")).as(lead).isTrue());
    assertThat(resent).as("leads launched at the simulator whose answer the kill lost are sent again").isNotEmpty();
    assertThat(stats.getLong("duplicateLaunches")).as("only leads on the wire at the kill are launched twice")
        .isEqualTo(resent.size()).isLessThanOrEqualTo(MAX_IN_FLIGHT);
    assertThat(resent).as("a re-sent lead had no result before the kill").noneMatch(attemptsAtKill::containsKey);
    assertThat(last.values().stream().filter(r -> ALREADY_LAUNCHED.equals(r.getString("code"))))
        .as("no lead is reported skipped for a launch of our own").isEmpty();
    last.values().stream().filter(r -> "launched".equals(r.getString("status")))
        .filter(r -> !resent.contains(r.getString("leadId"))).forEach(r ->
        assertThat(atSimulator.get(r.getString("leadId")).getInteger("launchAttempts")).as(r.getString("leadId"))
            .isEqualTo(1));
    resent.forEach(lead -> assertThat(atSimulator.get(lead).getInteger("launchAttempts")).as(lead).isEqualTo(2));
    JsonObject counts = second.job(id).getJsonObject("counts");
    assertThat(counts.getLong("launched")).as("the resumed job counts the leads launched before the kill: %s", counts)
        .isEqualTo(LEADS);
    assertThat(counts.getLong("skipped") + counts.getLong("failed")).as("%s", counts).isZero();
    assertThat(counts.getLong("done")).isEqualTo(counts.getLong("read")).isEqualTo(LEADS);
  }

  @Test
  void aServerKilledDuringAChunkedUploadNeverSendsTheCutLastLineAndTheJobCannotResumeIt() throws Exception {
    ServerProcess first = server("serve1");
    List<String> leads = Workbench.leadIds("u", 50);
    String body = leads.stream().collect(Collectors.joining("\n", "", "\n")) + "lea_abc"; // of "lea_abcdef"
    byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
    try (Socket socket = new Socket("127.0.0.1", first.port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/jobs?name=cut HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(bytes.length) + "\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // The stream stays open, paused mid-ID: the server launches what it has while it waits for the rest.
      Await.until(Duration.ofSeconds(20), "the job is on disk", () -> jobDirs().size() == 1);
      Path results = jobDirs().get(0).resolve("results.ndjson");
      Await.until(Duration.ofSeconds(20), "the 50 complete lines have results",
          () -> NdjsonFile.countLines(results) >= 50);
      Await.until(Duration.ofSeconds(5), "the whole chunk is spooled",
          () -> size(jobDirs().get(0).resolve("input")) == bytes.length);
      first.kill();
    }
    String id = jobDirs().get(0).getFileName().toString();
    long requestsAtKill = sim.stat("requests");

    ServerProcess second = server("serve2");
    JsonObject restored = second.job(id);
    System.out.printf("server killed mid-upload: job %s restored as %s (%s), %d requests at the kill%n", id,
        restored.getString("state"), restored.getString("message"), requestsAtKill);
    assertThat(restored.getString("state")).isEqualTo("aborted");
    assertThat(restored.getJsonObject("upload").getBoolean("complete")).isFalse();
    assertThat(restored.getString("message")).as("a message says the upload was cut").isNotBlank()
        .contains("uploaded").contains("upload the whole list again");
    HttpResponse<String> resume = second.post("/api/jobs/" + id + "/resume");
    assertThat(resume.statusCode()).as(resume.body()).isEqualTo(409);
    assertThat(new JsonObject(resume.body()).getString("error")).isEqualTo("JOB_FINISHED");
    assertThat(second.get("/health").statusCode()).isEqualTo(200);

    assertThat(sim.lead("lea_abc").getLong("attempts")).as("the cut last line never reaches lemlist").isZero();
    assertThat(sim.lead("lea_abcdef").getLong("attempts")).isZero();
    leads.forEach(lead -> assertThat(sim.lead(lead).getLong("attempts")).as(lead).isEqualTo(1L));
    assertThat(sim.stat("requests")).isEqualTo(leads.size());
    assertThat(sim.stat("duplicateLaunches")).isZero();
  }

  private List<Path> jobDirs() {
    try (var dirs = Files.list(dataDir.resolve("jobs"))) {
      return dirs.toList();
    } catch (java.io.IOException e) {
      return List.of();
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  private static boolean isFinal(JsonObject result) {
    return "launched".equals(result.getString("status"))
        || "skipped".equals(result.getString("status")) && ALREADY_LAUNCHED.equals(result.getString("code"));
  }
}
