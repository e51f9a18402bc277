package dev.bulklaunch.cli;

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
   * Values shorter than 8 characters are left: no key is that short, and "1" would be cut out of every number.
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
      if (arg.length() >= 8) {
        shown = shown.replace(arg, "(a value given, not shown)");
      }
    }
    return shown;
  }

  /**
   * Loads the configuration, runs {@code body} with a Vert.x instance, and closes everything afterwards.
   *
   * @param metrics whether Vert.x measures itself for {@code /metrics} (a server): it must be said when Vert.x is
   *                made, and a plain command-line run has no use for it
   */
  static int withVertx(Path configOption, JsonObject cli, boolean metrics, LaunchCommand.Body body) throws Exception {
    Console console = new Console(System.err);
    VertxOptions options = new VertxOptions()
        .setPreferNativeTransport(true) // epoll on Linux (pom.xml), NIO where it is not available
        .setBlockedThreadCheckInterval(10).setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS);
    Vertx vertx = Vertx.vertx(metrics ? dev.bulklaunch.web.ServerMetrics.enable(options) : options);
    try {
      JsonObject merged = ConfigLoader.load(vertx, configPath(configOption), configOption != null, cli)
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      return body.run(vertx, console, LauncherConfig.from(merged));
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      console.drain();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
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
