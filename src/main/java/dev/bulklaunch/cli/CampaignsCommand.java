package dev.bulklaunch.cli;

import dev.bulklaunch.campaign.CampaignList;
import dev.bulklaunch.lemlist.ApiKey;
import dev.bulklaunch.lemlist.LemlistReads;
import dev.bulklaunch.pacing.KeySchedulers;
import dev.bulklaunch.runtime.EventLoopScheduler;
import dev.bulklaunch.send.RetryPolicy;
import dev.bulklaunch.simulator.LemlistSimulator;
import dev.bulklaunch.simulator.SimulatorOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "campaigns", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"List the key's lemlist campaigns, one JSON line each (_id, name, status), for --campaign ID.",
        "Exit status: 0 listed, 2 usage error, 3 lemlist refused the key."})
final class CampaignsCommand implements Callable<Integer> {


  @Mixin
  CommonOptions common = new CommonOptions();

  @Option(names = "--simulate", description = "list the built-in simulator's campaigns (no key needed)")
  Boolean simulate;

  @Override
  public Integer call() throws Exception {
    JsonObject cli = common.toJson();
    CommonOptions.putIfSet(cli, "simulate", simulate);
    return Main.withVertx(common.config, cli, false, (vertx, console, config) -> {
      ApiKey key = ApiKeySource.read(config); // --simulate: the demo key
      String baseUrl = config.baseUrl();
      if (config.simulate()) {
        LemlistSimulator simulator = LemlistSimulator.start(vertx, SimulatorOptions.fromJson(config.simulator()))
            .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        baseUrl = simulator.baseUrl();
      }
      EventLoopScheduler loop = new EventLoopScheduler(vertx.getOrCreateContext());
      LemlistReads reads = new LemlistReads(vertx, baseUrl, key, config.timeout());
      try {
        new CampaignList(reads, new KeySchedulers(loop).forKey(key.fingerprint(baseUrl), config.rate()),
            RetryPolicy.withRetries(config.retries()), loop)
            .campaigns()
            .blockingForEach(campaign -> System.out.println(campaign.encode()));
      } finally {
        reads.close();
      }
      System.out.flush();
      return LaunchRun.OK;
    });
  }
}
