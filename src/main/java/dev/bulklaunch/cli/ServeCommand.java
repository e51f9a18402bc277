package dev.bulklaunch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Long-running server: uploads, jobs, live dashboard and SSE.")
final class ServeCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common = new CommonOptions();

  @Option(names = "--host", description = "bind address (default 127.0.0.1)")
  String host;

  @Option(names = "--port", description = "port (default 8080)")
  Integer port;

  @Override
  public Integer call() {
    System.err.println("error: serve is not built yet");
    return LaunchRun.USAGE;
  }
}
