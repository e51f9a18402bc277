package dev.bulklaunch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulklaunch.simulator.LemlistSimulator;
import dev.bulklaunch.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatorWarmUpTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void aSimulatorInAnotherProcessIsWarmedOverHttpAndLeftWithNoCounts() throws Exception {
    LemlistSimulator simulator = LemlistSimulator.start(vertx, SimulatorOptions.fromJson(new JsonObject()
        .put("mode", "fixed").put("rate", "5/1s").put("latency", new JsonObject().put("dist", "fixed").put("ms", 1))))
        .await(30, TimeUnit.SECONDS);

    int answered = SimulatorWarmUp.overHttp("127.0.0.1", simulator.port(), 40, 8);

    assertThat(answered).isEqualTo(40);
    JsonObject stats = simulator.stats();
    assertThat(stats.getLong("requests")).isZero();
    assertThat(stats.getLong("rateLimited")).isZero();
  }
}
