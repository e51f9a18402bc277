package dev.bulklaunch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaunchDeskTest {

  private final List<String> newKeys = new ArrayList<>();

  private LaunchDesk desk(SimulatorOptions options) {
    return new LaunchDesk(options, newKeys::add);
  }

  @Test
  void secondLaunchOfSameLeadIsAlreadyLaunchedAndCountsAsDuplicate() {
    LaunchDesk desk = desk(new SimulatorOptions());

    Reply first = desk.launch("k", "lea_1", 0, 1_000);
    Reply second = desk.launch("k", "lea_1", 10, 1_010);

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.body()).isEqualTo(new JsonObject().put("ok", true));
    assertThat(second.status()).isEqualTo(400);
    assertThat(second.body().getString("error")).isEqualTo("CAMPAIGN_LEAD_REVIEW_LEAD_ALREADY_LAUNCHED");
    JsonObject stats = desk.stats();
    assertThat(stats.getLong("launches")).isEqualTo(1);
    assertThat(stats.getLong("duplicateLaunches")).isEqualTo(1);
    assertThat(desk.lead("lea_1").getInteger("launchAttempts")).isEqualTo(2);
  }

  @Test
  void overTheLimitIs429WithAllFourHeadersAndCountsAsRateLimited() {
    LaunchDesk desk = desk(new SimulatorOptions().setRate("2/2s"));
    desk.launch("k", "lea_1", 0, 10_000);
    desk.launch("k", "lea_2", 100, 10_100);

    Reply third = desk.launch("k", "lea_3", 1_266, 11_266);

    assertThat(third.status()).isEqualTo(429);
    assertThat(third.headers())
      .containsEntry("X-RateLimit-Limit", "2")
      .containsEntry("X-RateLimit-Remaining", "0")
      .containsEntry("Retry-After", "0.734")
      .containsEntry("X-RateLimit-Reset", new JsDateFormat("UTC").format(12_000));
    assertThat(desk.stats().getLong("rateLimited")).isEqualTo(1);
    assertThat(desk.lead("lea_3").getBoolean("launched")).isFalse();
  }

  @Test
  void fixedModeSendsRetryAfterOnEveryResponseAndSlidingModeDoesNot() {
    Reply fixed = desk(new SimulatorOptions()).launch("k", "lea_1", 0, 5_000);
    Reply sliding = desk(new SimulatorOptions().setMode("sliding")).launch("k", "lea_1", 0, 5_000);

    assertThat(fixed.headers()).containsEntry("Retry-After", "2");
    assertThat(sliding.headers()).doesNotContainKey("Retry-After");
  }

  @Test
  void stallLaunchesAtArrivalButAnswersAfterStallMs() {
    LaunchDesk desk = desk(new SimulatorOptions().setStallRate(1.0).setStallMs(7_000));

    Reply stalled = desk.launch("k", "lea_1", 0, 0);

    assertThat(stalled.delayMs()).isEqualTo(7_000);
    assertThat(stalled.status()).isEqualTo(200);
    assertThat(desk.lead("lea_1").getBoolean("launched")).isTrue();
    assertThat(desk.stats().getLong("stalled")).isEqualTo(1);
  }

  @Test
  void injectedErrorsAndDropsLaunchNothing() {
    LaunchDesk errors = desk(new SimulatorOptions().setErrorRate(1.0));
    LaunchDesk drops = desk(new SimulatorOptions().setDropRate(1.0));

    Reply error = errors.launch("k", "lea_1", 0, 0);
    Reply drop = drops.launch("k", "lea_1", 0, 0);

    assertThat(error.status()).isIn(500, 502, 503);
    assertThat(error.body().getString("error")).startsWith("SIMULATED_");
    assertThat(errors.lead("lea_1").getBoolean("launched")).isFalse();
    assertThat(drop.drop()).isTrue();
    assertThat(drops.lead("lea_1").getBoolean("launched")).isFalse();
    assertThat(drops.stats().getLong("requests")).isEqualTo(1);
    assertThat(drops.stats().getLong("dropped")).isEqualTo(1);
  }

  @Test
  void spurious429KeepsTheBudgetButHoldsTheClient() {
    LaunchDesk desk = desk(new SimulatorOptions().setSpurious429Rate(1.0).setSpuriousRetryAfterSec(1.5));

    Reply reply = desk.launch("k", "lea_1", 0, 0);
    desk.launch("k", "lea_2", 1_000, 1_000);

    assertThat(reply.status()).isEqualTo(429);
    assertThat(reply.headers()).containsEntry("Retry-After", "1.5").containsEntry("X-RateLimit-Remaining", "19");
    JsonObject stats = desk.stats();
    assertThat(stats.getLong("spurious429")).isEqualTo(2);
    assertThat(stats.getLong("rateLimited")).isEqualTo(2);
    assertThat(stats.getLong("retryAfterViolations")).isEqualTo(1);
  }

  @Test
  void flakyLeadFailsOnceThenLaunches() {
    LaunchDesk desk = desk(new SimulatorOptions());

    assertThat(desk.launch("k", "lea_Flaky1", 0, 0).status()).isEqualTo(503);
    assertThat(desk.launch("k", "lea_Flaky1", 10, 10).status()).isEqualTo(200);
  }

  @Test
  void statsReportTheBusiestWindowAndArrivalSpan() {
    LaunchDesk desk = desk(new SimulatorOptions().setRate("100/1s"));
    for (long at : new long[] {50, 300, 900, 1_200, 1_250}) {
      desk.launch("k", "lea_" + at, at, at);
    }

    JsonObject stats = desk.stats();

    assertThat(stats.getInteger("maxInAnyWindow")).isEqualTo(4);
    assertThat(stats.getLong("firstArrivalMs")).isEqualTo(50);
    assertThat(stats.getLong("lastArrivalMs")).isEqualTo(1_250);
    assertThat(stats.getJsonObject("byStatus").getLong("200")).isEqualTo(5);
    assertThat(newKeys).containsExactly("k");
  }

  @Test
  void backgroundSpendsShareTheClientsBudget() {
    LaunchDesk desk = desk(new SimulatorOptions().setRate("3/1s"));
    desk.launch("k", "lea_1", 0, 0);
    desk.backgroundSpend("k", 100, 100);
    desk.backgroundSpend("k", 200, 200);

    Reply starved = desk.launch("k", "lea_2", 300, 300);

    assertThat(starved.status()).isEqualTo(429);
    JsonObject stats = desk.stats();
    assertThat(stats.getJsonObject("background").getLong("spent")).isEqualTo(2);
    assertThat(stats.getJsonObject("background").getJsonObject("byKey")).hasSize(1);
    assertThat(stats.getInteger("maxInAnyWindow")).isEqualTo(2);
    assertThat(stats.getInteger("maxInAnyWindowAllConsumers")).isEqualTo(4);
  }

  @Test
  void theOtherConsumersRequestsAnd429sAreCountedPerKey() {
    LaunchDesk desk = desk(new SimulatorOptions().setRate("2/1s"));
    desk.launch("k", "lea_1", 0, 0);
    desk.backgroundSpend("k", 100, 100);
    desk.backgroundSpend("k", 200, 200);
    desk.backgroundSpend("other", 300, 300);

    JsonObject byKey = desk.stats().getJsonObject("background").getJsonObject("byKey");

    JsonObject k = byKey.getJsonObject(KeyLabel.of("k"));
    assertThat(k.getLong("requests")).isEqualTo(2);
    assertThat(k.getLong("rateLimited")).isEqualTo(1);
    assertThat(k.getLong("firstAtMs")).isEqualTo(100);
    assertThat(k.getLong("lastAtMs")).isEqualTo(200);
    assertThat(byKey.getJsonObject(KeyLabel.of("other")).getLong("rateLimited")).isZero();
  }

  @Test
  void resetForgetsLeadsWindowsAndStats() {
    LaunchDesk desk = desk(new SimulatorOptions().setRate("1/1h"));
    desk.launch("k", "lea_1", 0, 0);

    desk.reset();

    assertThat(desk.launch("k", "lea_1", 1, 1).status()).isEqualTo(200);
    assertThat(desk.stats().getLong("requests")).isEqualTo(1);
  }
}
