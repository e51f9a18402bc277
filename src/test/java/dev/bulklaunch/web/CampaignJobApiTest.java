package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulklaunch.campaign.ExportProbe;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Campaign jobs through the HTTP API: {@code POST /api/jobs?campaign=}, {@code GET /api/campaigns}, the preview. */
class CampaignJobApiTest extends ServerFixture {

  private ExportProbe probe() {
    return new ExportProbe(server.simulator.baseUrl(), "test-key");
  }

  private static Set<String> leadIds(JsonArray results) {
    return results.stream().map(r -> ((JsonObject) r).getString("leadId")).collect(Collectors.toSet());
  }

  @Test
  void aCampaignJobLaunchesExactlyTheFilteredReviewQueueAndItsResultsNameTheCampaign() throws Exception {
    server = TestServer.start(dataDir);
    Set<String> expected = probe().reviewLeads("cam_leads400", Set.of("deliverable"));
    server.simulator.reset();

    HttpResponse<String> created = server.post("/api/jobs?campaign=cam_leads400&emailStatus=deliverable");

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonObject job = new JsonObject(created.body());
    assertThat(job.getJsonArray("campaigns").getJsonObject(0).getLong("selected")).isEqualTo(expected.size());
    JsonObject done = server.awaitState(job.getString("id"), "done");
    assertThat(done.getJsonObject("counts").getLong("launched")).isEqualTo(expected.size());
    JsonArray results = TestServer.lines(server.get("/api/jobs/" + job.getString("id") + "/results").body());
    assertThat(leadIds(results)).isEqualTo(expected);
    assertThat(results.stream().map(r -> ((JsonObject) r).getString("campaignId"))).containsOnly("cam_leads400");
    java.util.List<String> csv = server.get("/api/jobs/" + job.getString("id") + "/results.csv").body().lines().toList();
    assertThat(csv.get(0)).endsWith(",campaignId");
    assertThat(csv.subList(1, csv.size())).hasSize(expected.size()).allSatisfy(row -> assertThat(row).endsWith(",cam_leads400"));
    assertThat(server.simulator.stats().getLong("launches")).isEqualTo(expected.size());
    assertThat(server.simulator.stats().getLong("duplicateLaunches")).isZero();
    assertNoPersonalValueUnder(dataDir);
  }

  @Test
  void anUnknownCampaignIs404NamingItAndNoJobOrLaunch() throws Exception {
    server = TestServer.start(dataDir);

    HttpResponse<String> created = server.post("/api/jobs?campaign=cam_demo&campaign=cam_missing");

    assertThat(created.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(created.body()).getString("error")).isEqualTo("CAMPAIGN_NOT_FOUND");
    assertThat(created.body()).contains("cam_missing");
    assertThat(new JsonObject(server.get("/api/jobs").body()).getJsonArray("jobs")).isEmpty();
    assertThat(server.simulator.stats().getLong("launches")).isZero();
    assertThat(server.post("/api/jobs?campaign=nope").statusCode()).isEqualTo(400);
  }

  @Test
  void theCampaignListAndThePreviewCountTheReviewQueueByEmailStatusWithoutLaunching() throws Exception {
    server = TestServer.start(dataDir);
    List<JsonObject> export = probe().export("cam_demo");
    Map<String, Long> waiting = export.stream().filter(l -> "review".equals(l.getString("status")))
        .collect(Collectors.groupingBy(l -> l.getString("emailStatus", "unknown"), Collectors.counting()));

    JsonArray campaigns = new JsonObject(server.get("/api/campaigns").body()).getJsonArray("campaigns");
    JsonObject preview = new JsonObject(server.get("/api/campaigns/cam_demo/preview?emailStatus=risky").body());

    assertThat(campaigns.stream().map(c -> ((JsonObject) c).getString("_id"))).contains("cam_demo", "cam_webinar");
    assertThat(campaigns.getJsonObject(0).fieldNames()).containsExactlyInAnyOrder("_id", "name", "status");
    assertThat(preview.getLong("leads")).isEqualTo(export.size());
    assertThat(preview.getLong("waitingForReview")).isEqualTo(waiting.values().stream().mapToLong(Long::longValue).sum());
    assertThat(preview.getJsonObject("waitingByEmailStatus").getMap()).isEqualTo(Map.copyOf(waiting).entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> (Object) e.getValue().intValue())));
    assertThat(preview.getLong("selected")).isEqualTo(waiting.get("risky"));
    assertThat(server.simulator.stats().getLong("launches")).isZero();
  }

  @Test
  void aCampaignJobCutByARestartResumesFromItsSpoolWithoutExportingAgain() throws Exception {
    server = TestServer.start(dataDir);
    HttpResponse<String> created = server.post("/api/jobs?campaign=cam_leads1200");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = new JsonObject(created.body()).getString("id");
    long selected = new JsonObject(created.body()).getJsonArray("campaigns").getJsonObject(0).getLong("selected");
    TestServer.awaitTrue(() -> server.simulator.stats().getLong("launches") >= 60, "some launches");
    server.close();
    long finishedBefore = TestServer.lines(Files.readString(dataDir.resolve("jobs").resolve(id).resolve("results.ndjson")))
        .size();

    server = TestServer.start(dataDir);
    assertThat(server.job(id).getString("state")).isEqualTo("interrupted");
    server.post("/api/jobs/" + id + "/resume");
    server.awaitState(id, "done");

    JsonArray results = TestServer.lines(server.get("/api/jobs/" + id + "/results").body());
    assertThat(leadIds(results)).hasSize((int) selected);
    assertThat(results.stream().map(r -> ((JsonObject) r).getString("status"))).containsOnly("launched");
    assertThat(server.simulator.stats().getLong("exports")).isZero();
    assertThat(server.simulator.stats().getLong("requests")).isEqualTo(selected - finishedBefore);
    assertNoPersonalValueUnder(dataDir);
  }

  static void assertNoPersonalValueUnder(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String text = Files.readString(file);
        for (String marker : ExportProbe.PERSONAL_MARKERS) {
          assertThat(text).as(file + " holds " + marker).doesNotContain(marker);
        }
      }
    }
  }
}
