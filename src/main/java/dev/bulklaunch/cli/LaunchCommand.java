package dev.bulklaunch.cli;

import dev.bulklaunch.config.LauncherConfig;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "launch", mixinStandardHelpOptions = true, sortOptions = false, version = "lemlist bulk launcher 0.1.0",
    subcommands = {ServeCommand.class, SimulateCommand.class, CampaignsCommand.class},
    description = {
        "Bulk-launch lemlist leads that wait for review, as fast as the API key allows.",
        "Reads lead IDs from FILEs, or stdin when none or \"-\"; writes one JSON result per lead on stdout.",
        "Exit status: 0 all launched or skipped, 1 some failed, 2 usage error, 3 stopped early."})
final class LaunchCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common = new CommonOptions();

  @Mixin
  ClusterOptions cluster = new ClusterOptions();

  @Option(names = "--journal", paramLabel = "FILE", description = "append every result; leads final there are not sent again")
  String journal;

  @Option(names = "--retry-failed", description = "with --journal: send again the leads that failed there")
  Boolean retryFailed;

  @Option(names = "--dashboard", paramLabel = "[HOST:]PORT", description = "serve the live dashboard and SSE for this run")
  String dashboard;

  @Option(names = "--dry-run", description = "parse, validate, de-duplicate and report; send nothing")
  Boolean dryRun;

  @Option(names = "--simulate", description = "start the built-in simulator and launch against it (no key needed)")
  Boolean simulate;

  @Option(names = "--progress", paramLabel = "auto|always|never", description = "live progress on stderr (default auto)")
  String progress;

  @Option(names = "--campaign", paramLabel = "ID", description = "launch the leads waiting for review in this lemlist "
      + "campaign (repeatable; stdin is then not read unless \"-\" is given)")
  List<String> campaigns = new ArrayList<>();

  @Option(names = "--email-status", paramLabel = "LIST", description = "with --campaign: only leads whose emailStatus "
      + "is in LIST (deliverable,risky,undeliverable,unknown; default all)")
  String emailStatus;

  @Parameters(paramLabel = "FILE", arity = "0..*", description = "lead ID files; \"-\" or none for stdin")
  List<String> files = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    JsonObject cli = common.toJson();
    CommonOptions.putIfSet(cli, "journal", journal);
    CommonOptions.putIfSet(cli, "retryFailed", retryFailed);
    CommonOptions.putIfSet(cli, "dashboard", dashboard);
    CommonOptions.putIfSet(cli, "dryRun", dryRun);
    CommonOptions.putIfSet(cli, "simulate", simulate);
    CommonOptions.putIfSet(cli, "progress", progress);
    if (!campaigns.isEmpty()) {
      cli.put("campaigns", new io.vertx.core.json.JsonArray(new ArrayList<Object>(campaigns)));
    }
    CommonOptions.putIfSet(cli, "emailStatus", emailStatus);
    cluster.addTo(cli);
    return Main.withVertx(common.config, cli, dashboard != null, 0, (vertx, console, config) ->
        new LaunchRun(config, files, console, System.out).execute(vertx));
  }

  interface Body {
    int run(io.vertx.core.Vertx vertx, Console console, LauncherConfig config) throws Exception;
  }
}
