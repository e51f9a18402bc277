package dev.bulklaunch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The machine a benchmark ran on, read from {@code /proc} and the JVM, so the numbers can be judged. */
record Machine(int processors, String cpuModel, long memoryMb, String java, String date, String loadAverage) {

  static Machine describe() {
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        cpuModel(read("/proc/cpuinfo")),
        memTotalMb(read("/proc/meminfo")),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " (bench and launcher)",
        ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withLocale(Locale.ROOT)),
        currentLoadAverage());
  }

  static String currentLoadAverage() {
    String[] fields = read("/proc/loadavg").trim().split("\\s+");
    return fields.length >= 3 ? fields[0] + " " + fields[1] + " " + fields[2] : "unknown";
  }

  static String cpuModel(String cpuinfo) {
    for (String line : cpuinfo.split("\n")) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return "unknown";
  }

  static long memTotalMb(String meminfo) {
    for (String line : meminfo.split("\n")) {
      if (line.startsWith("MemTotal:")) {
        return Long.parseLong(line.substring(9).trim().split("\\s+")[0]) / 1024;
      }
    }
    return 0;
  }

  String describeLines() {
    return String.format(Locale.ROOT, "- %d CPUs (nproc), %s%n- %,d MB memory%n- %s%n- run %s%n",
        processors, cpuModel, memoryMb, java, date);
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException e) {
      return "";
    }
  }
}
