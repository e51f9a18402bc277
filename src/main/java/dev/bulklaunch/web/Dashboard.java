package dev.bulklaunch.web;

import dev.bulklaunch.config.LauncherConfig;
import dev.bulklaunch.jobs.Jobs;
import dev.bulklaunch.jobs.ServerJob;
import dev.bulklaunch.launch.JobFactories;
import dev.bulklaunch.launch.LaunchJob;
import dev.bulklaunch.result.ResultSink;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code --dashboard}: the server's view of one command-line run. The run appears as one job; its results are also
 * recorded in a temporary job directory so the dashboard can download them and replay them to a reconnecting browser.
 */
public final class Dashboard {

  private final ServerJob job;
  private final WebServer web;

  private Dashboard(ServerJob job, WebServer web) {
    this.job = job;
    this.web = web;
  }

  /** Serves the run's dashboard and says where on {@code say} (stderr). Blocks until the server listens. */
  public static Dashboard serve(Vertx vertx, JobFactories factories, LaunchJob launch, Consumer<String> say)
      throws Exception {
    LauncherConfig config = factories.config();
    WebServer.checkBind(config.dashboard(), config.server());
    Path dataDir = Files.createTempDirectory("bulk-launch-dashboard");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dataDir), "dashboard-cleanup"));
    Jobs jobs = new Jobs(vertx, factories, dataDir, false, Jobs.DEFAULT_MAX_RUNNING);
    ServerJob job = jobs.follow("command-line run", launch, config.dryRun(), config.key());
    WebServer web = WebServer.start(vertx, config.dashboard(), config.server().token(), config.server(), jobs, 0,
            StreamLimits.DEFAULT)
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    say.accept("dashboard: " + web.address());
    return new Dashboard(job, web);
  }

  /** {@code sinks} plus the one that publishes every result to the dashboard; closing it marks the run done. */
  public List<ResultSink> withSinks(List<ResultSink> sinks) throws IOException {
    List<ResultSink> all = new ArrayList<>(sinks);
    ResultSink record = job.openSink();
    all.add(new ResultSink() {
      @Override
      public void write(dev.bulklaunch.result.LeadResult result) throws IOException {
        record.write(result);
      }

      @Override
      public void writeAll(List<dev.bulklaunch.result.LeadResult> results) throws IOException {
        record.writeAll(results);
      }

      @Override
      public void flush() throws IOException {
        record.flush();
      }

      @Override
      public void close() throws IOException {
        record.close();
        job.ended();
      }
    });
    return all;
  }

  public void close() {
    web.close();
  }

  private static void deleteTree(Path dir) {
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // a temporary directory: the system cleans it up eventually
    }
  }
}
