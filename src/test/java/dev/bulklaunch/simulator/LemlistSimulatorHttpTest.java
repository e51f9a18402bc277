package dev.bulklaunch.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.vertx.junit5.VertxExtension;

@ExtendWith(VertxExtension.class)
class LemlistSimulatorHttpTest {

  private Vertx vertx;
  private WebClient client;
  private LemlistSimulator simulator;

  private LemlistSimulator start(Vertx vertx, SimulatorOptions options) throws Exception {
    this.vertx = vertx;
    this.client = WebClient.create(vertx);
    this.simulator = await(LemlistSimulator.start(vertx, options));
    return simulator;
  }

  @AfterEach
  void close() throws Exception {
    if (simulator != null) {
      await(simulator.close());
    }
  }

  private HttpRequest<Buffer> launchRequest(String leadId) {
    return client.post(simulator.port(), "127.0.0.1", "/api/leads/review/" + leadId).basicAuthentication("", "key-1");
  }

  private HttpResponse<Buffer> launch(String leadId) throws Exception {
    return await(launchRequest(leadId).send());
  }

  private JsonObject get(String path) throws Exception {
    return await(client.get(simulator.port(), "127.0.0.1", path).send()).bodyAsJsonObject();
  }

  private void pause(long ms) throws Exception {
    Promise<Void> done = Promise.promise();
    vertx.setTimer(ms, id -> done.complete());
    await(done.future());
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  @Test
  void aPortalLeadGetsAnHtmlPageWith200AndStaysUnlaunched(Vertx vertx) throws Exception {
    start(vertx, new SimulatorOptions());

    HttpResponse<Buffer> page = launch("lea_portal1");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(page.bodyAsString()).startsWith("<!DOCTYPE html>");
    assertThat(launch("lea_portal1").statusCode()).as("still not launched: the same page again").isEqualTo(200);
    assertThat(get("/_sim/stats").getLong("launches")).isZero();
  }

  @Test
  void aGw504LeadIsLaunchedThenAnswered504AndItsRetryIsAlreadyLaunched(Vertx vertx) throws Exception {
    start(vertx, new SimulatorOptions());

    HttpResponse<Buffer> gateway = launch("lea_gw504a");
    HttpResponse<Buffer> retry = launch("lea_gw504a");

    assertThat(gateway.statusCode()).isEqualTo(504);
    assertThat(gateway.getHeader("Content-Type")).startsWith("text/html");
    assertThat(retry.statusCode()).isEqualTo(400);
    assertThat(retry.bodyAsJsonObject().getString("error")).isEqualTo("CAMPAIGN_LEAD_REVIEW_LEAD_ALREADY_LAUNCHED");
    assertThat(get("/_sim/stats").getLong("launches")).isEqualTo(1);
  }

  @Test
  void redirectAllAnswersEveryApiRequest302AndCountsIt(Vertx vertx) throws Exception {
    start(vertx, new SimulatorOptions().setRedirectAll(true));

    HttpResponse<Buffer> launch = await(launchRequest("lea_r1").followRedirects(false).send());
    HttpResponse<Buffer> campaigns = await(client.get(simulator.port(), "127.0.0.1", "/api/campaigns")
        .basicAuthentication("", "key-1").followRedirects(false).send());

    assertThat(launch.statusCode()).isEqualTo(302);
    assertThat(launch.getHeader("Location")).isNotBlank();
    assertThat(campaigns.statusCode()).isEqualTo(302);
    JsonObject stats = get("/_sim/stats");
    assertThat(stats.getLong("redirected")).isEqualTo(2);
    assertThat(stats.getLong("requests")).isZero();
  }

  @Test
  void itsStatisticsNameAKeyByADigestNeverByTheKey(Vertx vertx) throws Exception {
    start(vertx, new SimulatorOptions());
    String key = "real-looking-key-0123456789abcdef";
    await(client.post(simulator.port(), "127.0.0.1", "/api/leads/review/lea_label1").basicAuthentication("", key)
        .send());

    String stats = await(client.get(simulator.port(), "127.0.0.1", "/_sim/stats").send()).bodyAsString();
    String arrivals = await(client.get(simulator.port(), "127.0.0.1", "/_sim/arrivals").send()).bodyAsString();
    assertThat(new JsonObject(stats).getJsonObject("byKey").fieldNames()).containsExactly(KeyLabel.of(key));
    assertThat(new JsonObject(arrivals).fieldNames()).contains(KeyLabel.of(key));
    assertThat(stats + arrivals).doesNotContain(key).doesNotContain("0123456789abcdef");
    assertThat(KeyLabel.of(key)).matches("key-[0-9a-f]{12}").isNotEqualTo(KeyLabel.of(key + "x"));
  }

  @Test
  void aPlainLeadLaunchesWithOkTrueAndRateHeaders(Vertx vertx) throws Exception {
    start(vertx, new SimulatorOptions());

    HttpResponse<Buffer> response = launch("lea_8xJSc7sV7ggpiVnXe");

    assertThat(simulator.baseUrl()).isEqualTo("http://127.0.0.1:" + simulator.port() + "/api");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("ok", true));
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    assertThat(response.getHeader("X-RateLimit-Limit")).isEqualTo("20");
    assertThat(response.getHeader("X-RateLimit-Remaining")).isEqualTo("19");
    assertThat(response.getHeader("X-RateLimit-Reset")).endsWith("GMT+0000 (Coordinated Universal Time)");
    assertThat(response.getHeader("Retry-After")).matches("[0-9.]+");
    assertThat(response.getHeader("Date")).endsWith(" GMT");
  }

  @Test
  void everyMarkerProducesItsLemlistCode(Vertx vertx) throws Exception {
    start(vertx, new SimulatorOptions().setRate("100/1s"));
    Map<String, List<Object>> expected = Map.ofEntries(
      Map.entry("lea_Paused1", List.of(400, "CAMPAIGN_LEAD_REVIEW_LEAD_PAUSED")),
      Map.entry("lea_Done1", List.of(400, "CAMPAIGN_LEAD_REVIEW_LEAD_ALREADY_LAUNCHED")),
      Map.entry("lea_AiVar1", List.of(400, "CAMPAIGN_LEAD_REVIEW_LEAD_AI_VARIABLE_INVALID")),
      Map.entry("lea_NoSender1", List.of(400, "CAMPAIGN_LEAD_REVIEW_LEAD_NO_SENDER_AVAILABLE")),
      Map.entry("lea_StepErr1", List.of(400, "CAMPAIGN_LEAD_REVIEW_CAMPAIGN_STEP_ERRORS")),
      Map.entry("lea_NotFound1", List.of(404, "CAMPAIGN_LEAD_REVIEW_LEAD_NOT_FOUND")),
      Map.entry("lea_NoCamp1", List.of(404, "CAMPAIGN_LEAD_REVIEW_CAMPAIGN_NOT_FOUND")),
      Map.entry("lea_Boom1", List.of(500, "INTERNAL_SERVER_ERROR")),
      Map.entry("lea_Flaky1", List.of(503, "SERVICE_UNAVAILABLE")),
      Map.entry("lea_Teapot1", List.of(418, "SOMETHING_NEW")),
      Map.entry("lea_Plan1", List.of(403, "PLAN_NOT_ALLOWED")));

    for (Map.Entry<String, List<Object>> entry : expected.entrySet()) {
      HttpResponse<Buffer> response = launch(entry.getKey());
      assertThat(response.statusCode()).as(entry.getKey()).isEqualTo(entry.getValue().get(0));
      assertThat(response.bodyAsJsonObject().getString("error")).as(entry.getKey()).isEqualTo(entry.getValue().get(1));
      assertThat(response.bodyAsJsonObject().getString("message")).as(entry.getKey()).isNotBlank();
    }
    assertThat(launch("lea_Boom1").statusCode()).isEqualTo(500);
    assertThat(launch("lea_Flaky1").statusCode()).isEqualTo(200);
    assertThat(launch("lea_Paused1").bodyAsJsonObject().getString("message")).isEqualTo("Lead is paused");
    assertThat(simulator.stats().getLong("launches")).isEqualTo(1);
  }

  @Test
  void secondLaunchOfSameLeadIsAlreadyLaunchedAndCountsAsDuplicate(Vertx vertx) throws Exception {
    start(vertx, new SimulatorOptions());

    launch("lea_twice");
    HttpResponse<Buffer> again = launch("lea_twice");

    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.bodyAsJsonObject().getString("error")).isEqualTo("CAMPAIGN_LEAD_REVIEW_LEAD_ALREADY_LAUNCHED");
    JsonObject stats = get("/_sim/stats");
    assertThat(stats.getLong("duplicateLaunches")).isEqualTo(1);
    assertThat(stats.getLong("launches")).isEqualTo(1);
    assertThat(get("/_sim/leads/lea_twice"))
      .isEqualTo(new JsonObject().put("leadId", "lea_twice").put("attempts", 2).put("launched", true).put("launchAttempts", 2));
  }

  @Test
  void missingOrEmptyKeyIs401(Vertx vertx) throws Exception {
    start(vertx, new SimulatorOptions().setApiKeys(List.of("key-1")));

    HttpResponse<Buffer> missing = await(client.post(simulator.port(), "127.0.0.1", "/api/leads/review/lea_1").send());
    HttpResponse<Buffer> empty = await(client.post(simulator.port(), "127.0.0.1", "/api/leads/review/lea_1")
      .basicAuthentication("", "").send());
    HttpResponse<Buffer> unknown = await(client.post(simulator.port(), "127.0.0.1", "/api/leads/review/lea_1")
      .basicAuthentication("", "key-2").send());

    assertThat(List.of(missing.statusCode(), empty.statusCode(), unknown.statusCode())).containsOnly(401);
    assertThat(missing.bodyAsString()).isEqualTo("Unauthorized");
    assertThat(launch("lea_1").statusCode()).isEqualTo(200);
    assertThat(simulator.stats().getLong("unauthorized")).isEqualTo(3);
    assertThat(simulator.stats().getLong("launches")).isEqualTo(1);
  }

  @Test
  void wrongMethodIs405AndUnknownRouteIs404(Vertx vertx) throws Exception {
    start(vertx, new SimulatorOptions());

    HttpResponse<Buffer> wrongMethod = await(client.get(simulator.port(), "127.0.0.1", "/api/leads/review/lea_1")
      .basicAuthentication("", "key-1").send());
    HttpResponse<Buffer> unknown = await(client.post(simulator.port(), "127.0.0.1", "/api/leads/launch/lea_1")
      .basicAuthentication("", "key-1").send());

    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(unknown.statusCode()).isEqualTo(404);
  }

  @Test
  void fixedWindowRejectsTheRequestOverTheLimitWith429AndRetryAfter(Vertx vertx) throws Exception {
    start(vertx, new SimulatorOptions().setRate("2/10s"));
    launch("lea_1");
    HttpResponse<Buffer> second = launch("lea_2");

    HttpResponse<Buffer> third = launch("lea_3");

    assertThat(second.getHeader("X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(Double.parseDouble(third.getHeader("Retry-After"))).isBetween(5.0, 10.0);
    assertThat(third.getHeader("X-RateLimit-Reset")).isEqualTo(second.getHeader("X-RateLimit-Reset"));
    JsonObject stats = simulator.stats();
    assertThat(stats.getLong("rateLimited")).isEqualTo(1);
    assertThat(stats.getLong("accepted")).isEqualTo(2);
    assertThat(stats.getInteger("maxInAnyWindow")).isEqualTo(3);
  }

  @Test
  void stallLaunchesButAnswersLate(Vertx vertx) throws Exception {
    start(vertx, new SimulatorOptions().setStallRate(1.0).setStallMs(400));

    assertThatThrownBy(() -> await(launchRequest("lea_slow").timeout(100).send())).isInstanceOf(TimeoutException.class);
    assertThat(get("/_sim/leads/lea_slow").getBoolean("launched")).isTrue();

    HttpResponse<Buffer> retry = launch("lea_slow");
    assertThat(retry.statusCode()).isEqualTo(400);
    assertThat(retry.bodyAsJsonObject().getString("error")).isEqualTo("CAMPAIGN_LEAD_REVIEW_LEAD_ALREADY_LAUNCHED");
    assertThat(simulator.stats().getLong("stalled")).isEqualTo(2);
  }

  @Test
  void dropClosesWithoutResponse(Vertx vertx) throws Exception {
    start(vertx, new SimulatorOptions().setDropRate(1.0));

    assertThatThrownBy(() -> launch("lea_dropped")).isNotInstanceOf(TimeoutException.class);

    JsonObject stats = simulator.stats();
    assertThat(stats.getLong("dropped")).isEqualTo(1);
    assertThat(stats.getLong("requests")).isEqualTo(1);
    assertThat(stats.getLong("launches")).isZero();
  }

  @Test
  void outageClosesRequestsWhileItLasts(Vertx vertx) throws Exception {
    start(vertx, new SimulatorOptions());

    await(client.post(simulator.port(), "127.0.0.1", "/_sim/outage?ms=300").send());
    assertThatThrownBy(() -> launch("lea_1")).isNotInstanceOf(TimeoutException.class);
    pause(400);

    assertThat(launch("lea_1").statusCode()).isEqualTo(200);
    JsonObject stats = simulator.stats();
    assertThat(stats.getLong("outages")).isEqualTo(1);
    assertThat(stats.getLong("outageRejected")).isEqualTo(1);
  }

  @Test
  void backgroundConsumerSpendsItsShare(Vertx vertx) throws Exception {
    start(vertx, new SimulatorOptions().setRate("10/200ms").setBackgroundFraction(0.5));

    long startedNanos = System.nanoTime();
    launch("lea_1");
    pause(600);

    JsonObject stats = simulator.stats();
    long elapsedMs = (System.nanoTime() - startedNanos) / 1_000_000;
    // 5 spends per 200 ms window, one every 40 ms: about 15 in 600 ms, fewer on a busy machine; never faster than
    // that, however long a loaded machine made the pause (a bare 600 ms bound failed at 25 with the timer late).
    assertThat(stats.getJsonObject("background").getLong("spent")).isBetween(5L, elapsedMs / 40 + 1);
    assertThat(stats.getLong("requests")).isEqualTo(1);
    assertThat(stats.getInteger("maxInAnyWindowAllConsumers")).isGreaterThan(stats.getInteger("maxInAnyWindow"));
  }

  @Test
  void clockOffsetShiftsDateAndReset(Vertx vertx) throws Exception {
    long dayMs = Duration.ofDays(1).toMillis();
    start(vertx, new SimulatorOptions().setClockOffsetMs(dayMs).setRate("20/2s"));
    long expected = System.currentTimeMillis() + dayMs;

    HttpResponse<Buffer> response = launch("lea_1");

    long date = Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(response.getHeader("Date"))).toEpochMilli();
    String reset = response.getHeader("X-RateLimit-Reset");
    long resetAt = OffsetDateTime.parse(reset.substring(0, reset.indexOf(" (")),
      DateTimeFormatter.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'xx", Locale.US)).toInstant().toEpochMilli();
    assertThat(date).isBetween(expected - 5_000, expected + 5_000);
    assertThat(resetAt).isBetween(expected - 5_000, expected + 7_000);
  }

  @Test
  void resetForgetsLaunchesAndStats(Vertx vertx) throws Exception {
    start(vertx, new SimulatorOptions());
    launch("lea_1");

    await(client.post(simulator.port(), "127.0.0.1", "/_sim/reset").send());

    assertThat(launch("lea_1").statusCode()).isEqualTo(200);
    assertThat(get("/_sim/stats").getLong("requests")).isEqualTo(1);
    simulator.reset();
    assertThat(simulator.stats().getLong("requests")).isZero();
  }

  @Test
  void slidingWindowAnswers429AndCountsRetryAfterViolations(Vertx vertx) throws Exception {
    start(vertx, new SimulatorOptions().setMode("sliding").setRate("1/10s"));
    HttpResponse<Buffer> first = launch("lea_1");

    HttpResponse<Buffer> refused = launch("lea_2");
    launch("lea_3");

    assertThat(first.getHeader("Retry-After")).isNull();
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(Double.parseDouble(refused.getHeader("Retry-After"))).isBetween(5.0, 10.0);
    JsonObject stats = simulator.stats();
    assertThat(stats.getString("mode")).isEqualTo("sliding");
    assertThat(stats.getLong("rateLimited")).isEqualTo(2);
    assertThat(stats.getLong("retryAfterViolations")).isEqualTo(1);
    assertThat(stats.getInteger("maxInAnyWindow")).isEqualTo(3);
  }
}
