package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JobApiTest extends ServerFixture {

  @Test
  void aPlainTextUploadAnswers201AndLaunchesEveryLeadOnce() throws Exception {
    server = TestServer.start(dataDir);

    HttpResponse<String> created = server.upload("/api/jobs?name=first", "text/plain", TestServer.ids("a", 50));

    assertThat(created.statusCode()).isEqualTo(201);
    JsonObject job = new JsonObject(created.body());
    assertThat(job.getString("name")).isEqualTo("first");
    assertThat(created.headers().firstValue("Location")).hasValue("/api/jobs/" + job.getString("id"));
    JsonObject done = server.awaitState(job.getString("id"), "done");
    assertThat(done.getJsonObject("counts").getLong("launched")).isEqualTo(50);
    assertThat(server.simulator.stats().getLong("launches")).isEqualTo(50);
    assertThat(server.simulator.stats().getLong("duplicateLaunches")).isZero();
  }

  @Test
  void csvNdjsonAndMultipartUploadsAreAccepted() throws Exception {
    server = TestServer.start(dataDir);

    HttpResponse<String> csv = server.upload("/api/jobs", "text/csv; charset=utf-8", "name,leadId\nAnn,lea_csv1\nBob,lea_csv2\n");
    HttpResponse<String> ndjson = server.upload("/api/jobs", "application/x-ndjson", "{\"leadId\":\"lea_nd1\"}\n");
    String boundary = "----bulk" + System.nanoTime();
    String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ids.txt\"\r\n"
        + "Content-Type: text/plain\r\n\r\nlea_mp1\nlea_mp2\nlea_mp3\n\r\n--" + boundary + "--\r\n";
    HttpResponse<String> form = server.upload("/api/jobs", "multipart/form-data; boundary=" + boundary, multipart);

    assertThat(csv.statusCode()).as(csv.body()).isEqualTo(201);
    assertThat(ndjson.statusCode()).as(ndjson.body()).isEqualTo(201);
    assertThat(form.statusCode()).as(form.body()).isEqualTo(201);
    assertThat(new JsonObject(form.body()).getString("name")).isEqualTo("ids.txt");
    assertThat(server.awaitState(new JsonObject(csv.body()).getString("id"), "done")
        .getJsonObject("counts").getLong("launched")).isEqualTo(2);
    assertThat(server.awaitState(new JsonObject(form.body()).getString("id"), "done")
        .getJsonObject("counts").getLong("launched")).isEqualTo(3);
  }

  @Test
  void refusedUploadsSayWhatIsWrong() throws Exception {
    server = TestServer.start(dataDir, new JsonObject().put("maxUploadBytes", 1000));

    HttpResponse<String> json = server.upload("/api/jobs", "application/json", "{\"ids\":[]}");
    HttpResponse<String> empty = server.upload("/api/jobs", "text/plain", "# only a comment\n\n");
    HttpResponse<String> tooLarge = server.upload("/api/jobs", "text/plain", TestServer.ids("big", 200));
    HttpResponse<String> noFile = server.upload("/api/jobs", "multipart/form-data; boundary=xyz",
        "--xyz\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nlea_1\r\n--xyz--\r\n");

    assertThat(json.statusCode()).isEqualTo(415);
    assertThat(new JsonObject(json.body()).getString("message")).contains("text/plain");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(empty.body()).getString("error")).isEqualTo("EMPTY_LEAD_LIST");
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(new JsonObject(tooLarge.body()).getString("message")).contains("1000 bytes");
    assertThat(noFile.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(noFile.body()).getString("message")).contains("'file'");
    assertThat(new JsonObject(server.get("/api/jobs").body()).getJsonArray("jobs")).isEmpty();
  }

  @Test
  void aChunkedUploadOverTheLimitIsCutOffWith413() throws Exception {
    server = TestServer.start(dataDir, new JsonObject().put("maxUploadBytes", 1000));
    byte[] body = TestServer.ids("chunk", 300).getBytes(StandardCharsets.UTF_8);

    // an InputStream publisher has no length: the request is chunked, so only the streamed count can catch it
    HttpResponse<String> response = server.send(server.request("/api/jobs").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());

    assertThat(response.statusCode()).isEqualTo(413);
    JsonArray jobs = new JsonObject(server.get("/api/jobs").body()).getJsonArray("jobs");
    assertThat(jobs).hasSize(1);
    JsonObject job = server.awaitState(jobs.getJsonObject(0).getString("id"), "cancelled");
    assertThat(job.getString("message")).contains("maxUploadBytes");
  }

  @Test
  void aDryRunValidatesAndSendsNothing() throws Exception {
    server = TestServer.start(dataDir);

    String id = new JsonObject(server.upload("/api/jobs?dryRun=true", "text/plain", "lea_d1\nlea_d2\nnot-an-id\nlea_d1\n")
        .body()).getString("id");

    JsonObject job = server.awaitState(id, "done");
    assertThat(job.getBoolean("dryRun")).isTrue();
    assertThat(job.getJsonObject("counts").getJsonObject("byCode").getMap())
        .containsEntry("DRY_RUN", 2).containsEntry("INVALID_LEAD_ID", 1).containsEntry("DUPLICATE", 1);
    assertThat(server.simulator.stats().getLong("requests")).isZero();
  }

  @Test
  void unknownJobsAndRoutesAnswer404WithJson() throws Exception {
    server = TestServer.start(dataDir);

    HttpResponse<String> job = server.get("/api/jobs/nope");
    HttpResponse<String> pause = server.post("/api/jobs/nope/pause");
    HttpResponse<String> events = server.get("/api/jobs/nope/events");
    HttpResponse<String> route = server.get("/api/nothing-here");

    assertThat(job.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(job.body()).getString("error")).isEqualTo("JOB_NOT_FOUND");
    assertThat(pause.statusCode()).isEqualTo(404);
    assertThat(events.statusCode()).isEqualTo(404);
    assertThat(route.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(route.body()).getString("error")).isEqualTo("NO_SUCH_ROUTE");
  }

  @Test
  void pauseHoldsSendingAndResumeFinishesTheJob() throws Exception {
    server = TestServer.start(dataDir);
    String id = server.launch(TestServer.ids("p", 400));
    TestServer.awaitTrue(() -> server.simulator.stats().getLong("requests") >= 20, "some requests");

    JsonObject paused = new JsonObject(server.post("/api/jobs/" + id + "/pause").body());
    assertThat(paused.getString("state")).isEqualTo("paused");
    long sentAtPause = paused.getJsonObject("counts").getLong("sent");
    TestServer.awaitTrue(() -> count(id, "inFlight") == 0, "in-flight answers");
    long drainedAtMs = elapsedMs(id);
    // the job's own clock: a second and a half of pause, in which a running job would send about 135 requests
    TestServer.awaitTrue(() -> elapsedMs(id) >= drainedAtMs + 1500, "1.5 s of pause");
    assertThat(server.simulator.stats().getLong("requests"))
        .as("only what was on its way when the pause came reached lemlist; leads waiting for a permit were held")
        .isEqualTo(sentAtPause);
    assertThat(sentAtPause).isLessThan(400);

    assertThat(new JsonObject(server.post("/api/jobs/" + id + "/resume").body()).getString("state")).isEqualTo("running");
    JsonObject done = server.awaitState(id, "done");
    assertThat(done.getJsonObject("counts").getLong("launched")).isEqualTo(400);
  }

  private long elapsedMs(String id) {
    return count(id, "elapsedMs");
  }

  private long count(String id, String name) {
    try {
      return server.job(id).getJsonObject("counts").getLong(name);
    } catch (Exception e) {
      return -1;
    }
  }

  @Test
  void cancelStopsTheJobAndLeavesTheRestUnsent() throws Exception {
    server = TestServer.start(dataDir);
    String id = server.launch(TestServer.ids("c", 600));
    TestServer.awaitTrue(() -> server.simulator.stats().getLong("requests") >= 10, "some requests");

    HttpResponse<String> cancel = server.send(server.request("/api/jobs/" + id).DELETE().build());

    assertThat(cancel.statusCode()).isEqualTo(200);
    JsonObject job = server.awaitState(id, "cancelled");
    assertThat(server.simulator.stats().getLong("requests")).isLessThan(600);
    assertThat(job.getJsonObject("counts").getLong("launched")).isLessThan(600);
    assertThat(server.post("/api/jobs/" + id + "/pause").statusCode()).isEqualTo(409);
  }

  @Test
  void resultsComeAsNdjsonFilteredByStatusAndAsCsv() throws Exception {
    server = TestServer.start(dataDir);
    String id = server.launch("lea_r1\nlea_nosender2\nlea_done3\nbad id\nlea_r1\n");
    server.awaitState(id, "done");

    JsonArray all = TestServer.lines(server.get("/api/jobs/" + id + "/results").body());
    JsonArray failed = TestServer.lines(server.get("/api/jobs/" + id + "/results?status=failed").body());
    HttpResponse<String> csv = server.get("/api/jobs/" + id + "/results.csv?status=launched,skipped");

    assertThat(all).hasSize(5);
    assertThat(failed.stream().map(r -> ((JsonObject) r).getString("code")))
        .containsExactlyInAnyOrder("CAMPAIGN_LEAD_REVIEW_LEAD_NO_SENDER_AVAILABLE", "INVALID_LEAD_ID");
    assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
    assertThat(csv.headers().firstValue("Content-Disposition")).hasValueSatisfying(d -> assertThat(d).contains("attachment"));
    assertThat(csv.body().lines()).first().isEqualTo("leadId,status,code,http,message,attempts,latencyMs,at,line,campaignId");
    assertThat(csv.body().lines().skip(1)).hasSize(3)
        .anySatisfy(l -> assertThat(l).startsWith("lea_done3,skipped,CAMPAIGN_LEAD_REVIEW_LEAD_ALREADY_LAUNCHED,400"))
        .anySatisfy(l -> assertThat(l).startsWith("lea_r1,launched,,200"));
  }

  @Test
  void healthSaysLiveAndReady() throws Exception {
    server = TestServer.start(dataDir);

    JsonObject health = new JsonObject(server.get("/health").body());

    assertThat(health.getBoolean("live")).isTrue();
    assertThat(health.getBoolean("ready")).isTrue();
  }

  @Test
  void theDashboardIsServedFromTheJar() throws Exception {
    server = TestServer.start(dataDir);

    HttpResponse<String> page = server.get("/");
    HttpResponse<String> script = server.get("/app.js");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<canvas id=\"rate-chart\"").doesNotContain("http://", "https://");
    assertThat(script.body()).contains("EventSource");
  }
}
