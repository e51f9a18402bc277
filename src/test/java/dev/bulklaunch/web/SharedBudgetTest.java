package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class SharedBudgetTest extends ServerFixture {

  @Test
  void twoConcurrentJobsShareTheKeysOneBudget() throws Exception {
    // a budget of 80/1s under a simulator allowing 100/1s: room for arrival jitter on a loaded machine, while two jobs
    // pacing separately would send about 160 per second
    server = TestServer.start(Vertx.vertx(), dataDir, new JsonObject(), StreamLimits.DEFAULT, "80/1s");

    String first = server.launch(TestServer.ids("one", 150));
    String second = server.launch(TestServer.ids("two", 150));
    JsonObject a = server.awaitState(first, "done");
    JsonObject b = server.awaitState(second, "done");

    JsonObject sim = server.simulator.stats();
    assertThat(a.getJsonObject("counts").getLong("launched")).isEqualTo(150);
    assertThat(b.getJsonObject("counts").getLong("launched")).isEqualTo(150);
    assertThat(sim.getLong("launches")).isEqualTo(300);
    assertThat(sim.getLong("maxInAnyWindow")).isLessThanOrEqualTo(100);
    assertThat(sim.getLong("rateLimited")).isZero();
    assertThat(a.getJsonObject("counts").getLong("rateLimited") + b.getJsonObject("counts").getLong("rateLimited")).isZero();
  }
}
