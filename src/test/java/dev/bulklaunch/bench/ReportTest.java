package dev.bulklaunch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

  private static Scenario scenario(String name) {
    return Scenario.all().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  private static Measurement run(Scenario scenario, int run, long otherAccepted) {
    JsonObject sim = new JsonObject().put("requests", 1500).put("accepted", 1500).put("rateLimited", 0)
        .put("maxInAnyWindow", 60).put("firstArrivalMs", 0).put("lastArrivalMs", 28_000)
        .put("background", new JsonObject().put("spent", otherAccepted).put("rejected", 1400 - otherAccepted));
    return new Measurement(scenario, run, 0, false, 30_000, 1.0, 100_000,
        new Measurement.LeadCheck(1500, 1500, 0, 0, 0, 1500), sim, dev.bulklaunch.bench.wire.Wire.unavailable("test"));
  }

  @Test
  void everyRunOfAFiveRunRowIsARowOfTheTableAndOneBadRunFailsTheRow() {
    Scenario background = scenario("background-50");
    List<Measurement> runs = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      runs.add(run(background, i, i == 3 ? 1300 : 1400));
    }
    Report report = new Report(runs);

    assertThat(report.table().text()).contains("background-50 #1", "background-50 #3", "background-50 #5");
    assertThat(report.failures()).startsWith("FAIL background-50 #3: the other consumer had 92.9%");
    assertThat(report.finalLine()).isEqualTo("FAIL: 1 of 1 scenarios missed a target (background-50)");
  }

  @Test
  void theLegendNamesEachRowOnceWithItsRuns() {
    Scenario background = scenario("background-50");
    Report report = new Report(List.of(run(background, 1, 1400), run(background, 2, 1400)));

    assertThat(report.targetsLegend()).containsOnlyOnce("`background-50`").contains("5 runs, each judged");
  }

  @Test
  void twoProcessesShowBothLeadCounts() {
    assertThat(scenario("two-processes").processes()).isEqualTo(2);
    assertThat(scenario("two-processes").launcherArgs()).doesNotContain("--max-in-flight");
    assertThat(scenario("answer-bursts").simulator().getJsonObject("faults").getJsonObject("answerHold").getLong("holdMs"))
        .isEqualTo(400);
  }
}
