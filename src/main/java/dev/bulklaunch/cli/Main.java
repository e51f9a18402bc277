package dev.bulklaunch.cli;

import dev.bulklaunch.cluster.ClusteredVertx;
import dev.bulklaunch.config.ClusterConfig;
import dev.bulklaunch.config.ConfigException;
import dev.bulklaunch.config.ConfigLoader;
import dev.bulklaunch.config.LauncherConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** {@code scripts/launch}: bulk launch (default), {@code serve} or {@code simulate}. */
public final class Main {

  static final int NOT_CLUSTERED = -1;
  private static final Path DEFAULT_CONFIG = Path.of("conf", "config.json");

  private Main() {
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    CommandLine cli = new CommandLine(new LaunchCommand())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
          commandLine.getErr().println("error: " + withoutValues(e.getMessage() == null ? e.toString() : e.getMessage(),
              args));
          return e instanceof ConfigException ? LaunchRun.USAGE : LaunchRun.STOPPED;
        })
        .setParameterExceptionHandler((e, args1) -> {
          e.getCommandLine().getErr().println("error: " + withoutValues(e.getMessage(), args));
          e.getCommandLine().getErr().println("try: scripts/launch " + e.getCommandLine().getCommandName() + " --help");
          return LaunchRun.USAGE;
        });
    return cli.execute(args);
  }

  /**
   * {@code message} without any value given on the command line (an option's argument, a word picocli did not
   * expect): a key pasted in the wrong place (--api-key=KEY, --key KEY) must not be printed back. Option names stay.
   * Values shorter than 8 characters are left: no key is that short, and "1" would be cut out of every number. So
   * are values no key looks like, which a user needs to see to fix them: paths and file names, lead and campaign IDs.
   */
  static String withoutValues(String message, String... args) {
    String shown = message;
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (arg.startsWith("-") && eq > 0) {
        shown = shown.replace(arg, arg.substring(0, eq + 1) + "...");
        arg = arg.substring(eq + 1);
      } else if (arg.startsWith("-")) {
        continue;
      }
      if (arg.length() >= 8 && !plainlyNotAKey(arg)) {
        shown = shown.replace(arg, "(a value given, not shown)");
      }
    }
    return shown;
  }

  private static boolean plainlyNotAKey(String value) {
    return value.contains("/") || value.contains(".") || value.startsWith("cam_") || value.startsWith("lea_");
  }

  /**
   * Loads the configuration, runs {@code body} with a Vert.x instance, and closes everything afterwards.
   *
   * @param metrics whether Vert.x measures itself for {@code /metrics} (a server): it must be said when Vert.x is
   *                made, and a plain command-line run has no use for it
   */
  static int withVertx(Path configOption, JsonObject cli, boolean metrics, LaunchCommand.Body body) throws Exception {
    return withVertx(configOption, cli, metrics, NOT_CLUSTERED, body);
  }

  /**
   * Loads the configuration, runs {@code body} with a Vert.x instance, and closes everything afterwards. With
   * {@code cluster.enabled} the instance is a member of the launcher cluster; otherwise nothing of the cluster starts.
   *
   * @param metrics            whether Vert.x measures itself for {@code /metrics} (a server): it must be said when
   *                           Vert.x is made, and a plain command-line run has no use for it
   * @param clusterDefaultPort the member port when none is configured: 5701 for a server, 0 (a free one) for a run,
   *                           {@link #NOT_CLUSTERED} for a command that never joins (the simulator)
   */
  static int withVertx(Path configOption, JsonObject cli, boolean metrics, int clusterDefaultPort,
                       LaunchCommand.Body body) throws Exception {
    Console console = new Console(System.err);
    Vertx vertx = Vertx.vertx(vertxOptions(metrics));
    try {
      LauncherConfig config = LauncherConfig.from(await(
          ConfigLoader.load(vertx, configPath(configOption), configOption != null, cli)));
      ClusterConfig cluster = clusterDefaultPort == NOT_CLUSTERED ? ClusterConfig.disabled()
          : config.cluster(clusterDefaultPort);
      if (cluster.enabled()) {
        // the configuration decides whether Vert.x is clustered, and a clustered instance is made as such
        await(vertx.close());
        vertx = null;
        long start = System.nanoTime();
        vertx = await(ClusteredVertx.start(vertxOptions(metrics), cluster));
        console.line("cluster: joined '" + cluster.name() + "' in " + (System.nanoTime() - start) / 1_000_000 + " ms");
      }
      return body.run(vertx, console, config);
    } finally {
      console.drain();
      if (vertx != null) {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static VertxOptions vertxOptions(boolean metrics) {
    VertxOptions options = new VertxOptions()
        .setPreferNativeTransport(true) // epoll on Linux (pom.xml), NIO where it is not available
        // one event loop per core, not Vert.x's two: a launcher's work is wake-ups, and on 2 cores the two extra loops
        // each slept and woke for fewer events (many-keys, launcher CPU per 1,000 launches: 4 loops 0.343-0.347 s,
        // 2 loops 0.293 s, 1 loop 0.258 s)
        .setEventLoopPoolSize(Runtime.getRuntime().availableProcessors())
        .setBlockedThreadCheckInterval(10).setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS);
    return metrics ? dev.bulklaunch.web.ServerMetrics.enable(options) : options;
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  // conf/config.json is looked up in the working directory, then beside the installation (scripts/launch sets it).
  private static Path configPath(Path option) {
    if (option != null) {
      return option;
    }
    String home = System.getProperty("launcher.home");
    if (!Files.exists(DEFAULT_CONFIG) && home != null) {
      return Path.of(home).resolve(DEFAULT_CONFIG);
    }
    return DEFAULT_CONFIG;
  }
}
