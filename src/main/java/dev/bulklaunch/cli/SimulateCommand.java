package dev.bulklaunch.cli;

import dev.bulklaunch.simulator.LemlistSimulator;
import dev.bulklaunch.simulator.SimulatorOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run the built-in lemlist simulator alone (POST /api/leads/review/{leadId}, GET /_sim/stats).",
        "Further settings come from the \"simulator\" object of the config file."})
final class SimulateCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", description = "configuration file (default: conf/config.json)")
  java.nio.file.Path config;

  @Option(names = "--host", description = "bind address (default 127.0.0.1)")
  String host;

  @Option(names = "--port", description = "port (default 8089; 0 picks a free one)")
  Integer port;

  @Option(names = "--rate", paramLabel = "N/DUR", description = "the simulated limit per key (default 20/2s)")
  String rate;

  @Option(names = "--mode", paramLabel = "fixed|sliding", description = "the limiter's window (default fixed)")
  String mode;

  @Option(names = "--background", paramLabel = "FRACTION",
      description = "another consumer spends this share of each key's every window, evenly (default 0: none)")
  Double backgroundFraction;

  @Option(names = "--background-stop-after", paramLabel = "MS",
      description = "the other consumer stops this many ms after the key's first request (default: never)")
  Long backgroundStopAfterMs;

  @Override
  public Integer call() throws Exception {
    return Main.withVertx(config, new JsonObject(), false, (vertx, console, settings) -> {
      JsonObject options = settings.simulator().copy();
      options.put("port", options.getInteger("port", 8089));
      CommonOptions.putIfSet(options, "host", host);
      CommonOptions.putIfSet(options, "port", port);
      CommonOptions.putIfSet(options, "rate", rate);
      CommonOptions.putIfSet(options, "mode", mode);
      if (backgroundFraction != null || backgroundStopAfterMs != null) {
        JsonObject background = options.getJsonObject("background", new JsonObject()).copy();
        CommonOptions.putIfSet(background, "fraction", backgroundFraction);
        CommonOptions.putIfSet(background, "stopAfterMs", backgroundStopAfterMs);
        options.put("background", background);
      }
      SimulatorOptions simulatorOptions;
      try {
        simulatorOptions = SimulatorOptions.fromJson(options);
      } catch (IllegalArgumentException e) {
        throw new dev.bulklaunch.config.ConfigException("simulator: " + e.getMessage());
      }
      LemlistSimulator simulator = LemlistSimulator.start(vertx, simulatorOptions)
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      console.line("simulator listening: " + simulator.baseUrl() + "   (stats: "
          + simulator.baseUrl().replaceFirst("/api$", "") + "/_sim/stats; Ctrl-C stops)");
      CountDownLatch stopped = new CountDownLatch(1);
      Signals.onStop(stopped::countDown, () -> Runtime.getRuntime().halt(0));
      stopped.await();
      return 0;
    });
  }
}
