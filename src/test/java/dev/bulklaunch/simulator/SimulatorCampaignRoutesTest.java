package dev.bulklaunch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator's campaign routes: pages, both answer forms, the export's forms, its quirks and its limit. */
class SimulatorCampaignRoutesTest {

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http = HttpClient.newHttpClient();
  private LemlistSimulator simulator;

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private void start(String rate) {
    simulator = LemlistSimulator.start(vertx, SimulatorOptions.fromJson(new JsonObject().put("rate", rate)
        .put("apiKeys", List.of("k1")).put("extraCampaigns", 120))).await();
  }

  private HttpResponse<String> get(String path, String key) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path));
    if (key != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((":" + key).getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void campaignsArePagedAsTheV2ObjectOrABareArray() throws Exception {
    start("100/1s");
    JsonObject first = new JsonObject(get("/campaigns?version=v2&offset=0&limit=100", "k1").body());
    JsonObject second = new JsonObject(get("/campaigns?version=v2&offset=100&limit=100", "k1").body());
    JsonArray bare = new JsonArray(get("/campaigns?limit=10", "k1").body());

    assertThat(first.getJsonArray("campaigns")).hasSize(100);
    assertThat(second.getJsonArray("campaigns")).hasSize(24);
    assertThat(first.getJsonObject("pagination").getInteger("totalRecords")).isEqualTo(124);
    assertThat(bare).hasSize(10);
    assertThat(bare.getJsonObject(0).getString("_id")).isEqualTo("cam_demo");
  }

  @Test
  void theExportIsEmptyWithoutStateCsvWithoutFormatJsonAndLaunchedLeadsLeaveReview() throws Exception {
    start("100/1s");
    JsonArray leads = new JsonArray(get("/campaigns/cam_leads50/export/leads?state=all&format=json", "k1").body());
    String noState = get("/campaigns/cam_leads50/export/leads?format=json", "k1").body();
    String csv = get("/campaigns/cam_leads50/export/leads?state=all", "k1").body();
    String review = leads.stream().map(JsonObject.class::cast).filter(l -> l.getString("status").equals("review"))
        .findFirst().orElseThrow().getString("_id");
    HttpResponse<String> launched = http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/leads/review/"
        + review)).header("Authorization", "Basic " + Base64.getEncoder().encodeToString(":k1".getBytes()))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    JsonArray after = new JsonArray(get("/campaigns/cam_leads50/export/leads?state=all&format=json", "k1").body());

    assertThat(leads).hasSize(50);
    assertThat(leads.getJsonObject(0).fieldNames()).contains("_id", "status", "email", "firstName", "phone",
        "companyName");
    assertThat(noState).isEqualTo("[]");
    assertThat(csv.lines()).hasSize(51).first().asString().startsWith("_id,status,");
    assertThat(launched.statusCode()).isEqualTo(200);
    assertThat(after.stream().map(JsonObject.class::cast).filter(l -> l.getString("_id").equals(review))
        .findFirst().orElseThrow().getString("status")).isEqualTo("running");
    assertThat(simulator.stats().getLong("exports")).isEqualTo(4);
  }

  @Test
  void readsNeedTheKeyAndSpendTheSameBudgetAsLaunches() throws Exception {
    start("3/10s");
    assertThat(get("/campaigns", null).statusCode()).isEqualTo(401);
    assertThat(get("/campaigns/cam_nope/export/leads?state=all", "k1").statusCode()).isEqualTo(404);
    assertThat(get("/campaigns", "k1").statusCode()).isEqualTo(200);
    assertThat(get("/campaigns/cam_demo/export/leads?state=all&format=json", "k1").statusCode()).isEqualTo(200);
    HttpResponse<String> limited = get("/campaigns", "k1");

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
  }
}
