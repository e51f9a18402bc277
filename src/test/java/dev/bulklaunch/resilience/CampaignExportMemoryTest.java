package dev.bulklaunch.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulklaunch.campaign.ExportProbe;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 200,000-lead campaign export in a 128 MB heap, as a real process: the export is parsed as it streams, never
 * held, so a dry run selects every review lead without running out of memory. The JVM runs with scripts/launch's
 * flags and {@code JAVA_OPTS=-Xmx128m}; wall time and peak RSS (VmHWM) are printed for the record.
 */
class CampaignExportMemoryTest {

  private static final String CAMPAIGN = "cam_leads200000";

  @TempDir
  Path dir;

  @Test
  void aDryRunOfA200000LeadExportRunsInA128MbHeap() throws Exception {
    try (SimulatorProbe sim = SimulatorProbe.start(new JsonObject())) {
      long waiting = new ExportProbe(sim.baseUrl(), SimulatorProbe.KEY).countReviewLeadsStreaming(CAMPAIGN);
      Workbench bench = new Workbench(dir);
      Path noInput = Files.writeString(dir.resolve("stdin"), "lea_stdinIsNotRead\n");

      long started = System.nanoTime();
      LauncherProcess run = LauncherProcess.start(dir, "export", noInput, jvmOptionsWithSmallHeap(), List.of("--config",
          dir.resolve("config.json").toString(), "--base-url", sim.baseUrl(), "--api-key-file", dir.resolve("key").toString(),
          "--progress", "never", "--dry-run", "--campaign", CAMPAIGN));
      long peakKb = 0;
      while (!run.exitsWithin(Duration.ofMillis(50))) {
        peakKb = Math.max(peakKb, vmHwmKb(run.pid()));
        assertThat(System.nanoTime() - started).as("still running after 120 s").isLessThan(120_000_000_000L);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf("campaign export of 200,000 leads, dry run, -Xmx128m: %.2f s wall, peak RSS (VmHWM) %d MB%n",
          seconds, peakKb / 1024);

      assertThat(run.exitValue()).as(run.stderr()).isZero();
      assertThat(run.stderr()).doesNotContain("OutOfMemoryError")
          .contains(String.format(java.util.Locale.ROOT, "campaign %s: 200,000 leads, %,d waiting for review, %,d selected",
              CAMPAIGN, waiting, waiting));
      List<String> lines = run.stdoutLines();
      assertThat(lines).hasSize((int) waiting);
      assertThat(lines).allMatch(line -> line.contains("\"code\":\"DRY_RUN\"") && line.contains("\"campaignId\":\"" + CAMPAIGN));
      assertThat(sim.stat("launches")).isZero();
      assertThat(sim.stat("requests")).isEqualTo(2); // the probe's export and the run's
      String output = String.join("\n", lines) + run.stderr();
      for (String marker : ExportProbe.PERSONAL_MARKERS) {
        assertThat(output).doesNotContain(marker);
      }
      assertThat(bench.dir()).isEqualTo(dir);
    }
  }

  /** The flags scripts/launch runs the launcher with (conf/jvm.options), and JAVA_OPTS=-Xmx128m after them. */
  private static List<String> jvmOptionsWithSmallHeap() throws java.io.IOException {
    List<String> options = new java.util.ArrayList<>(Files.readAllLines(Path.of("conf", "jvm.options")).stream()
        .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList());
    options.add("-Xmx128m");
    return options;
  }

  private static long vmHwmKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (Exception gone) {
      // the process ended between the check and the read, or this is not Linux
    }
    return 0;
  }
}
