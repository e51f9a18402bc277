package dev.bulklaunch.cluster;

import static dev.bulklaunch.cluster.ClusterMembers.await;
import static dev.bulklaunch.web.TestServer.ids;
import static dev.bulklaunch.web.TestServer.lines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulklaunch.cluster.ClusterMembers.Member;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs across the members of one cluster, in one JVM: two launch servers sharing a data directory, one simulator.
 * A member is killed as {@code kill -9} would: its cluster instance terminated, then its Vert.x closed.
 */
class ClusterJobsTest {

  @TempDir
  Path dataDir;
  private ClusterMembers cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aJobUploadedToOneMemberIsListedStreamedControlledAndPurgedOnAnother() throws Exception {
    cluster = new ClusterMembers(dataDir, "50/1s");
    List<Member> members = cluster.start(2);
    Member a = members.get(0);
    Member b = members.get(1);

    String id = a.launch(ids("s", 150));
    await(Duration.ofSeconds(10), "member B to list the job", () -> listed(b, id));
    assertThat(b.job(id).getString("member")).isEqualTo(a.name());
    Set<String> streamed = ConcurrentHashMap.newKeySet();
    CompletableFuture<Void> done = stream(b, id, streamed);

    assertThat(b.post("/api/jobs/" + id + "/pause").statusCode()).as("pause asked at B").isEqualTo(200);
    await(Duration.ofSeconds(10), "the job paused on A", () -> state(a, id).equals("paused"));
    JsonObject view = new JsonObject(b.get("/api/cluster").body());
    assertThat(view.getJsonArray("members")).hasSize(2);
    assertThat(view.getJsonArray("keys").getJsonObject(0).getString("owner")).as("the key's owner, by name")
        .isIn(a.name(), b.name());
    assertThat(view.getJsonArray("jobs").stream().map(JsonObject.class::cast))
        .anySatisfy(job -> assertThat(job.getString("id") + " " + job.getString("member")).isEqualTo(id + " " + a.name()));
    assertThat(b.post("/api/jobs/" + id + "/resume").statusCode()).as("resume asked at B").isEqualTo(200);
    assertThat(b.get("/metrics").body()).contains("bulklaunch_key_requests_total{key=\"default\",member=\"" + b.name() + "\"}");

    done.get(60, TimeUnit.SECONDS);
    assertThat(streamed).as("every lead's result streamed on B").hasSize(150);
    // B's listing follows bulklaunch.jobs, its SSE the job's own address: the two may land a moment apart
    await(Duration.ofSeconds(5), "B to list the job done", () -> state(b, id).equals("done"));
    assertThat(Files.readString(audit(b))).contains("\"paused\"", "\"resumed\"", id);
    assertThat(Files.readString(audit(a))).contains("\"created\"", id).doesNotContain("\"paused\"");

    assertThat(b.delete("/api/jobs/" + id + "?purge=true").statusCode()).as("purged at B").isEqualTo(200);
    await(Duration.ofSeconds(10), "A to forget the purged job", () -> !listed(a, id));
    await(Duration.ofSeconds(10), "its files deleted", () -> !Files.exists(dataDir.resolve("jobs").resolve(id)));
  }

  @Test
  void whenTheMemberRunningAJobDiesAnotherResumesItWithin15sAndLaunchesNoLeadTwiceBeyondThoseInFlight() throws Exception {
    cluster = new ClusterMembers(dataDir, "50/1s");
    List<Member> members = cluster.start(2);
    Member a = members.get(0);
    Member b = members.get(1);
    String id = a.launch(ids("k", 400));
    Path results = dataDir.resolve("jobs").resolve(id).resolve("results.ndjson");
    await(Duration.ofSeconds(30), "a quarter of the leads answered on A", () -> count(results) >= 100);

    a.kill();
    long killedAt = System.nanoTime();
    Set<String> finishedAtKill = finishedLeads(results);
    long atKill = finishedAtKill.size();
    await(Duration.ofSeconds(15), "member B to resume the job", () -> b.name().equals(field(b, id, "member")));
    long resumedMs = (System.nanoTime() - killedAt) / 1_000_000;
    await(Duration.ofSeconds(15), "the job's next lead", () -> count(results) > atKill);
    long nextLeadMs = (System.nanoTime() - killedAt) / 1_000_000;
    System.out.printf("job takeover: resumed by B %d ms and its next lead's result %d ms after the kill (%d results "
        + "before it)%n", resumedMs, nextLeadMs, atKill);
    assertThat(nextLeadMs).isLessThanOrEqualTo(15_000);

    await(Duration.ofSeconds(60), "the job done on B", () -> state(b, id).equals("done"));
    assertEveryLeadOnce(results, 400);
    JsonArray all = lines(Files.readString(results));
    assertThat(all.stream().map(r -> ((JsonObject) r).getString("status"))).containsOnly("launched");
    JsonObject stats = cluster.simulator.stats();
    assertThat(stats.getLong("launches")).isEqualTo(400);
    assertOnlyUnfinishedLeadsSentAgain(ids("k", 400), finishedAtKill);
  }

  @Test
  void ofThreeMembersExactlyOneSurvivorTakesTheDeadMembersJobOverAndTheOtherShowsIt() throws Exception {
    cluster = new ClusterMembers(dataDir, "50/1s");
    List<Member> members = cluster.start(3);
    Member a = members.get(0);
    Member b = members.get(1);
    Member c = members.get(2);
    String id = a.launch(ids("t", 300));
    Path results = dataDir.resolve("jobs").resolve(id).resolve("results.ndjson");
    await(Duration.ofSeconds(30), "a fifth of the leads answered on A", () -> count(results) >= 60);

    a.kill();
    Set<String> finishedAtKill = finishedLeads(results);
    await(Duration.ofSeconds(15), "a survivor to resume the job",
        () -> Set.of(b.name(), c.name()).contains(field(b, id, "member")));
    String runner = field(b, id, "member");
    await(Duration.ofSeconds(5), "both survivors to name the same runner", () -> runner.equals(field(c, id, "member")));
    await(Duration.ofSeconds(60), "the job done on both", () -> state(b, id).equals("done") && state(c, id).equals("done"));

    assertEveryLeadOnce(results, 300);
    assertOnlyUnfinishedLeadsSentAgain(ids("t", 300), finishedAtKill);
  }

  @Test
  void aMemberThatStoodStillStopsItsJobAndResumesItAsAfterACrashWhenNobodyElseTookIt() throws Exception {
    cluster = new ClusterMembers(dataDir, "50/1s");
    Member a = cluster.start(2).get(0);
    String id = a.launch(ids("f", 300));
    Path results = dataDir.resolve("jobs").resolve(id).resolve("results.ndjson");
    await(Duration.ofSeconds(30), "a sixth of the leads answered", () -> count(results) >= 50);

    a.standStill(ClusterMembers.HEARTBEAT.toMillis()); // as long as the heartbeat timeout: it may have been dropped
    await(Duration.ofSeconds(60), "the job done on A", () -> state(a, id).equals("done"));
    assertEveryLeadOnce(results, 300);
    assertThat(a.job(id).getJsonObject("counts").getLong("sent"))
        .as("requests of the run resumed after the stall (one run from the start would count 300)")
        .isLessThanOrEqualTo(300 - 50);
    assertThat(cluster.simulator.stats().getLong("duplicateLaunches")).isLessThanOrEqualTo(10);
  }

  @Test
  void aPausedJobStaysPausedWhenItsMemberDiesAndResumesOnAnotherWhenAsked() throws Exception {
    cluster = new ClusterMembers(dataDir, "50/1s");
    List<Member> members = cluster.start(2);
    Member a = members.get(0);
    Member b = members.get(1);
    String id = a.launch(ids("p", 300));
    Path results = dataDir.resolve("jobs").resolve(id).resolve("results.ndjson");
    await(Duration.ofSeconds(30), "some leads answered", () -> count(results) >= 20);
    assertThat(a.post("/api/jobs/" + id + "/pause").statusCode()).isEqualTo(200);
    await(Duration.ofSeconds(10), "every request of the paused job answered and written", () -> settled(a, id, results));
    long requestsAtPause = cluster.simulator.stats().getLong("requests");

    a.kill();
    await(Duration.ofSeconds(20), "member B to hold the paused job, run by nobody",
        () -> "paused".equals(field(b, id, "state")) && field(b, id, "member") == null && alone(b));
    assertThat(cluster.simulator.stats().getLong("requests")).as("nothing resumed by itself").isEqualTo(requestsAtPause);
    assertThat(new JsonObject(Files.readString(results.resolveSibling("job.json"))).getString("state")).isEqualTo("paused");

    assertThat(b.post("/api/jobs/" + id + "/resume").statusCode()).isEqualTo(200);
    await(Duration.ofSeconds(60), "the job done on B", () -> state(b, id).equals("done"));
    Map<String, Long> finalPerLead = lines(Files.readString(results)).stream().map(r -> (JsonObject) r)
        .filter(r -> !"failed".equals(r.getString("status")))
        .collect(Collectors.groupingBy(r -> r.getString("leadId"), Collectors.counting()));
    assertThat(finalPerLead).hasSize(300).allSatisfy((lead, n) -> assertThat(n).as(lead).isEqualTo(1));
    assertThat(cluster.simulator.stats().getLong("duplicateLaunches")).isZero();
  }

  @Test
  void aMemberJoiningWhileAnotherRunsAJobListsItAsThatMembersAndLeavesItsStateAlone() throws Exception {
    cluster = new ClusterMembers(dataDir, "50/1s");
    Member a = cluster.start(1).get(0);
    String id = a.launch(ids("j", 300));
    Path results = dataDir.resolve("jobs").resolve(id).resolve("results.ndjson");
    await(Duration.ofSeconds(30), "the job's job.json saved running", () -> jobFileSays(results, "running"));

    Member b = cluster.start(1).get(0);
    await(Duration.ofSeconds(10), "member B to show the job as A's", () -> a.name().equals(field(b, id, "member")));
    assertThat(state(b, id)).isEqualTo("running");
    assertThat(jobFileSays(results, "running")).as("B did not mark A's job interrupted").isTrue();
    await(Duration.ofSeconds(60), "the job done on A", () -> state(a, id).equals("done"));
    await(Duration.ofSeconds(10), "member B to show it done", () -> state(b, id).equals("done"));
    assertThat(lines(Files.readString(results))).hasSize(300);
    assertThat(cluster.simulator.stats().getLong("requests")).as("B sent nothing of it").isEqualTo(300);
  }

  private static boolean jobFileSays(Path results, String state) {
    try {
      return state.equals(new JsonObject(Files.readString(results.resolveSibling("job.json"))).getString("state"));
    } catch (Exception e) {
      return false;
    }
  }

  private static boolean listed(Member member, String id) {
    try {
      return new JsonObject(member.get("/api/jobs").body()).getJsonArray("jobs").stream()
          .anyMatch(job -> id.equals(((JsonObject) job).getString("id")));
    } catch (Exception e) {
      return false;
    }
  }

  private static String state(Member member, String id) {
    String state = field(member, id, "state");
    return state == null ? "" : state;
  }

  private static String field(Member member, String id, String name) {
    try {
      return member.job(id).getString(name);
    } catch (Exception e) {
      return null;
    }
  }

  private static boolean alone(Member member) {
    try {
      return new JsonObject(member.get("/api/cluster").body()).getJsonArray("members").size() == 1;
    } catch (Exception e) {
      return false;
    }
  }

  // results are counted as they are known and written a moment later (one batch per event-loop turn)
  private static boolean settled(Member member, String id, Path results) {
    try {
      JsonObject job = member.job(id);
      JsonObject counts = job.getJsonObject("counts");
      return job.getString("state").equals("paused") && counts.getLong("inFlight") == 0
          && count(results) == job.getLong("results");
    } catch (Exception e) {
      return false;
    }
  }

  private Path audit(Member member) {
    return dataDir.resolve("audit-" + member.name().replace(':', '-') + ".ndjson");
  }

  private static long count(Path results) {
    try (Stream<String> lines = Files.lines(results)) {
      return lines.filter(line -> line.endsWith("}")).count();
    } catch (Exception e) {
      return 0;
    }
  }

  /** Reads the job's SSE on {@code member} from its first result to {@code done}, noting each result's lead. */
  private static CompletableFuture<Void> stream(Member member, String id, Set<String> leads) {
    HttpRequest request = HttpRequest.newBuilder(member.uri("/api/jobs/" + id + "/events?lastEventId=0")).GET().build();
    return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> {
      String[] event = {""};
      response.body().takeWhile(line -> !event[0].equals("done")).forEach(line -> {
        if (line.startsWith("event: ")) {
          event[0] = line.substring(7);
        } else if (line.startsWith("data: ") && event[0].equals("result")) {
          leads.add(new JsonObject(line.substring(6)).getString("leadId"));
        }
      });
    });
  }

  /**
   * What a takeover may send again (SPEC: it resumes "without re-sending finished leads"): only leads with no result
   * line when their member died, never one that had its line. A count would not do here: how many leads a member
   * killed in this JVM leaves without a line varies (1-10 in 32 runs, 11 once in CI, at about one request in flight
   * at a time: it runs on while its Vert.x closes); which leads go out again does not. {@code duplicateLaunches} is
   * the simulator's count of the same.
   */
  private void assertOnlyUnfinishedLeadsSentAgain(String leadList, Set<String> finishedAtKill) throws Exception {
    Set<String> sentAgain = new HashSet<>();
    HttpClient http = HttpClient.newHttpClient();
    String simRoot = cluster.simulator.baseUrl().replaceFirst("/api$", "");
    for (String lead : leadList.split("\n")) {
      HttpResponse<String> seen = http.send(HttpRequest.newBuilder(URI.create(simRoot + "/_sim/leads/" + lead)).GET()
          .build(), HttpResponse.BodyHandlers.ofString());
      if (new JsonObject(seen.body()).getInteger("launchAttempts") > 1) {
        sentAgain.add(lead);
      }
    }
    System.out.printf("sent again after the kill: %d leads, none of the %d finished at the kill%n", sentAgain.size(),
        finishedAtKill.size());
    assertThat(sentAgain).as("leads sent again that had a result at the kill").doesNotContainAnyElementsOf(finishedAtKill);
    assertThat((long) sentAgain.size()).isEqualTo(cluster.simulator.stats().getLong("duplicateLaunches"));
  }

  /** The leads with a whole result line in {@code results}. */
  private static Set<String> finishedLeads(Path results) throws Exception {
    try (Stream<String> lines = Files.lines(results)) {
      return lines.filter(line -> line.endsWith("}")).map(line -> new JsonObject(line).getString("leadId"))
          .collect(Collectors.toSet());
    }
  }

  private static void assertEveryLeadOnce(Path results, int leads) throws Exception {
    Map<String, Long> perLead = lines(Files.readString(results)).stream().map(r -> ((JsonObject) r).getString("leadId"))
        .collect(Collectors.groupingBy(l -> l, Collectors.counting()));
    assertThat(perLead).as("every lead one line").hasSize(leads).allSatisfy((lead, n) -> assertThat(n).as(lead).isEqualTo(1));
  }
}
