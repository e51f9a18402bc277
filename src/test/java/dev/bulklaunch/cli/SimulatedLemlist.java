package dev.bulklaunch.cli;

import dev.bulklaunch.simulator.LemlistSimulator;
import dev.bulklaunch.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in simulator on a Vert.x of its own, limited to {@link #RATE}, for a test class that runs the command
 * line against it; {@link #launch} passes the options every such run shares.
 */
final class SimulatedLemlist implements AutoCloseable {

  static final String RATE = "50/500ms";

  final Vertx vertx;
  final LemlistSimulator simulator;

  private SimulatedLemlist(Vertx vertx, LemlistSimulator simulator) {
    this.vertx = vertx;
    this.simulator = simulator;
  }

  /** @param options simulator options beyond the rate (its keys, latency, campaigns) */
  static SimulatedLemlist start(JsonObject options) {
    Vertx vertx = Vertx.vertx();
    return new SimulatedLemlist(vertx, LemlistSimulator.start(vertx, SimulatorOptions.fromJson(options.copy()
        .put("rate", RATE))).await());
  }

  /** Runs the command line against the simulator at its rate, without progress and with a 5 s request timeout. */
  CliHarness.Outcome launch(String stdin, List<String> options) {
    return launchAt(simulator.baseUrl(), stdin, options);
  }

  /** {@link #launch} with another base URL (a wrong path on the simulator's host, say). */
  CliHarness.Outcome launchAt(String baseUrl, String stdin, List<String> options) {
    List<String> args = new ArrayList<>(List.of("--base-url", baseUrl, "--rate", RATE, "--progress",
        "never", "--timeout", "5s"));
    args.addAll(options);
    return CliHarness.run(stdin, args.toArray(String[]::new));
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
