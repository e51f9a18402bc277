package dev.bulklaunch.resilience;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** A temporary directory with an API key file, an empty config, lead files and the launcher's base arguments. */
final class Workbench {

  private final Path dir;
  private final Path keyFile;
  private final Path config;
  private int runs;

  Workbench(Path dir) throws IOException {
    this.dir = dir;
    this.keyFile = Files.writeString(dir.resolve("key"), SimulatorProbe.KEY + "\n");
    this.config = Files.writeString(dir.resolve("config.json"), "{}\n");
  }

  /** Replaces the (empty) configuration file every later run reads. */
  void configure(String json) throws IOException {
    Files.writeString(config, json);
  }

  Path dir() {
    return dir;
  }

  /** {@code count} lead IDs that launch at the simulator (no outcome marker in them). */
  static List<String> leadIds(String prefix, int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> "lea_" + prefix + i).toList();
  }

  Path leadFile(String name, List<String> leadIds) throws IOException {
    return Files.writeString(dir.resolve(name), leadIds.stream().collect(Collectors.joining("\n", "", "\n")));
  }

  /** Starts the launcher on {@code input} against {@code sim}; {@code extra} options come last and win. */
  LauncherProcess launch(SimulatorProbe sim, Path input, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("--config", config.toString(), "--base-url", sim.baseUrl(),
        "--api-key-file", keyFile.toString(), "--progress", "never"));
    args.addAll(List.of(extra));
    return LauncherProcess.start(dir, "run" + (++runs), input, args);
  }
}
