package dev.bulklaunch.cli;

import dev.bulklaunch.cluster.ClusterKeys;
import dev.bulklaunch.config.ConfigException;
import dev.bulklaunch.config.LauncherConfig;
import dev.bulklaunch.config.LauncherConfig.ProgressMode;
import dev.bulklaunch.input.ByteSources;
import dev.bulklaunch.input.InputRecord;
import dev.bulklaunch.jobs.DirectoryLock;
import dev.bulklaunch.input.LeadIdSet;
import dev.bulklaunch.keys.Keyring;
import dev.bulklaunch.keys.KeyringLoader;
import dev.bulklaunch.launch.EarlierRun;
import dev.bulklaunch.launch.JobFactories;
import dev.bulklaunch.launch.JobFactory;
import dev.bulklaunch.launch.LaunchJob;
import dev.bulklaunch.launch.SendLogTrace;
import dev.bulklaunch.launch.SendTrace;
import dev.bulklaunch.launch.StopReason;
import dev.bulklaunch.result.Journal;
import dev.bulklaunch.result.NdjsonSink;
import dev.bulklaunch.result.ResultSink;
import dev.bulklaunch.result.ResultWriter;
import dev.bulklaunch.runtime.EventLoopScheduler;
import dev.bulklaunch.simulator.LemlistSimulator;
import dev.bulklaunch.simulator.SimulatorOptions;
import dev.bulklaunch.web.Dashboard;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.disposables.Disposable;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One command-line bulk launch, from options to exit status. */
final class LaunchRun {

  static final int OK = 0;
  static final int SOME_FAILED = 1;
  static final int USAGE = 2;
  static final int STOPPED = 3;

  private final LauncherConfig config;
  private final List<String> inputs;
  private final Console console;
  private final PrintStream stdout;
  private SendLogTrace sendLog;
  private CampaignQueue campaignQueue;

  LaunchRun(LauncherConfig config, List<String> inputs, Console console, PrintStream stdout) {
    this.config = config;
    this.inputs = inputs.isEmpty() && !config.campaigns().any() ? List.of("-") : inputs;
    this.console = console;
    this.stdout = stdout;
  }

  int execute(Vertx vertx) throws Exception {
    checkInputsExist();
    if (config.journal() == null) {
      return launch(vertx);
    }
    try (DirectoryLock lock = lockJournal(config.journal())) {
      return launch(vertx);
    }
  }

  // Two runs appending to one journal would each resend what the other launched since it read the journal.
  private static DirectoryLock lockJournal(Path journal) throws IOException {
    Path parent = journal.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new ConfigException("--journal: the directory of " + journal + " does not exist");
    }
    return DirectoryLock.local(DirectoryLock.besideJournal(journal), "journal " + journal.toAbsolutePath(),
        "one run appends to a journal at a time: wait for that run to end, or give this one another --journal");
  }

  private int launch(Vertx vertx) throws Exception {
    boolean fromCampaigns = config.campaigns().any();
    // a dry run sends nothing, except a campaign's export: that needs the real key
    Keyring keyring = config.simulate() || config.dryRun() && !fromCampaigns ? KeyringLoader.forSimulator(config)
        : KeyringLoader.load(config);
    keyring.get(config.key()); // an unknown --key: exit 2 before anything is read or sent
    if (config.retryFailed() && config.journal() == null) {
      throw new ConfigException("--retry-failed needs --journal FILE: the failures to retry are read from it");
    }
    LeadIdSet finished = config.journal() == null ? new LeadIdSet()
        : Journal.finishedLeads(config.journal(), config.retryFailed());

    String baseUrl = config.baseUrl();
    LemlistSimulator simulator = null;
    if (config.simulate() && (!config.dryRun() || fromCampaigns)) {
      simulator = LemlistSimulator.start(vertx, simulatorOptions())
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      baseUrl = simulator.baseUrl();
      console.line("simulator: lemlist stand-in at " + baseUrl + " (limit " + config.rate() + ")");
    }

    EventLoopScheduler loop = new EventLoopScheduler(vertx.getOrCreateContext());
    JobFactories factories = new JobFactories(vertx, config, keyring, loop, baseUrl);
    if (vertx.isClustered()) {
      factories.routedBy(ClusterKeys.of(vertx, config)); // the key's permits come from its owner in the cluster
    }
    JobFactory jobs = factories.forKey(config.key());
    if (fromCampaigns) {
      campaignQueue = CampaignQueue.export(config, jobs.campaigns(), console);
    }
    LaunchJob job = jobs.create(config.dryRun(), new EarlierRun(finished), sendTrace(loop));

    Signals.onStop(
        () -> {
          console.line("\nstopping: finishing requests in flight (press Ctrl-C again to quit at once)");
          job.control().stop(StopReason.SIGNAL, "interrupted by a signal");
        },
        () -> Runtime.getRuntime().halt(STOPPED));

    Dashboard dashboard = config.dashboard() == null ? null : Dashboard.serve(vertx, factories, job, console::line);
    Disposable progress = startProgress(job, loop);
    try {
      ResultWriter.writeAll(job.run(records(jobs)),
          dashboard == null ? sinks() : dashboard.withSinks(sinks())).blockingAwait();
    } finally {
      progress.dispose();
      if (campaignQueue != null) {
        campaignQueue.close();
      }
      if (sendLog != null) {
        sendLog.close();
      }
    }
    console.print(Summary.render(job.stats(), job.control(), Console.stdoutFile()));
    if (simulator != null) {
      console.line(Summary.simulatorLine(simulator.stats()));
    }
    if (job.control().isStopped()) {
      return STOPPED;
    }
    return job.stats().failed() > 0 ? SOME_FAILED : OK;
  }

  private Flowable<InputRecord> records(JobFactory jobs) {
    List<String> all = new ArrayList<>(inputs);
    if (campaignQueue != null) {
      all.add(campaignQueue.file().toString());
    }
    return jobs.records(Flowable.fromIterable(all).map(input -> input.equals("-")
        ? ByteSources.stdin(jobs.chunkBytes())
        : ByteSources.file(Path.of(input), jobs.chunkBytes())));
  }

  /**
   * With a journal, each send is noted beside it first, so a run killed with requests in flight lets the next one
   * report those leads launched when they answer ALREADY_LAUNCHED.
   */
  private SendTrace sendTrace(EventLoopScheduler loop) throws IOException {
    if (config.journal() == null || config.dryRun()) {
      return SendTrace.NONE;
    }
    sendLog = SendLogTrace.besideJournal(config.journal(), loop);
    return sendLog;
  }

  private List<ResultSink> sinks() throws IOException {
    List<ResultSink> sinks = new ArrayList<>();
    if (config.journal() != null) {
      sinks.add(Journal.openForAppend(config.journal()));
    }
    sinks.add(new NdjsonSink(stdout, false));
    return sinks;
  }

  private Disposable startProgress(LaunchJob job, EventLoopScheduler loop) {
    boolean terminal = Console.stderrIsTerminal();
    if (config.progress() == ProgressMode.NEVER || config.progress() == ProgressMode.AUTO && !terminal && config.dryRun()) {
      return Disposable.empty();
    }
    ProgressPrinter printer = new ProgressPrinter(console, job.stats(), terminal);
    Disposable ticks = loop.schedulePeriodicallyDirect(printer::tick, printer.intervalMs(), printer.intervalMs(),
        TimeUnit.MILLISECONDS);
    return Disposable.fromAction(() -> {
      ticks.dispose();
      printer.finish();
    });
  }

  private void checkInputsExist() {
    for (String input : inputs) {
      if (!input.equals("-")) {
        Path path = Path.of(input);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
          throw new ConfigException("input file not found or not readable: " + input);
        }
      }
    }
  }

  private SimulatorOptions simulatorOptions() {
    JsonObject options = config.simulator().copy();
    if (!options.containsKey("rate")) {
      options.put("rate", config.rate().toString());
    }
    return SimulatorOptions.fromJson(options);
  }
}
