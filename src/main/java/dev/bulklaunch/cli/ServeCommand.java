package dev.bulklaunch.cli;

import dev.bulklaunch.keys.Keyring;
import dev.bulklaunch.simulator.LemlistSimulator;
import dev.bulklaunch.config.ClusterConfig;
import dev.bulklaunch.simulator.SimulatorOptions;
import dev.bulklaunch.web.LaunchServer;
import dev.bulklaunch.web.StreamLimits;
import dev.bulklaunch.web.WebServer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Long-running server: uploads, jobs, live dashboard and SSE.")
final class ServeCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common = new CommonOptions();

  @Option(names = "--host", description = "bind address (default 127.0.0.1; any other needs server.token)")
  String host;

  @Option(names = "--port", description = "port (default 8080)")
  Integer port;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "where jobs and results are kept (default data; "
      + "env LAUNCHER_SERVER_DATA_DIR); one server owns it at a time")
  String dataDir;

  @Mixin
  ClusterOptions cluster = new ClusterOptions();

  @Option(names = "--simulate", description = "start the built-in simulator and launch against it (no key needed)")
  Boolean simulate;

  @Override
  public Integer call() throws Exception {
    JsonObject cli = common.toJson();
    JsonObject server = new JsonObject();
    CommonOptions.putIfSet(server, "host", host);
    CommonOptions.putIfSet(server, "port", port);
    CommonOptions.putIfSet(server, "dataDir", dataDir);
    if (!server.isEmpty()) {
      cli.put("server", server);
    }
    CommonOptions.putIfSet(cli, "simulate", simulate);
    cluster.addTo(cli);
    return Main.withVertx(common.config, cli, true, ClusterConfig.DEFAULT_PORT, (vertx, console, config) -> {
      WebServer.checkBind(config.server().bind(), config.server());
      Keyring keyring = ApiKeySource.keyring(config);
      String baseUrl = config.baseUrl();
      if (config.simulate()) {
        JsonObject options = config.simulator().copy();
        options.put("rate", options.getString("rate", config.rate().toString()));
        LemlistSimulator simulator = LemlistSimulator.start(vertx, SimulatorOptions.fromJson(options))
            .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        baseUrl = simulator.baseUrl();
        console.line("simulator: lemlist stand-in at " + baseUrl + " (limit " + config.rate() + ")");
      }
      LaunchServer launchServer = await(LaunchServer.start(vertx, config, keyring, baseUrl, StreamLimits.DEFAULT));
      console.line("keys: " + keyring.size() + " (" + String.join(", ", keyring.names().subList(0,
          Math.min(10, keyring.size()))) + (keyring.size() > 10 ? ", ..." : "") + ")");
      console.line("serving: " + launchServer.web().address() + "   (jobs in " + config.server().dataDir().toAbsolutePath()
          + "; Ctrl-C stops)");
      CountDownLatch stopped = new CountDownLatch(1);
      Signals.onStop(stopped::countDown, () -> Runtime.getRuntime().halt(LaunchRun.STOPPED));
      stopped.await();
      await(launchServer.close());
      return LaunchRun.OK;
    });
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

}
