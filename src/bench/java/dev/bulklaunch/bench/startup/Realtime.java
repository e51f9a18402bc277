package dev.bulklaunch.bench.startup;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Start-up runs under a real-time scheduling class ({@code chrt -f 10}, as root): a start-up of under a second on a
 * machine whose two cores other builds share measured 1.3-3.5 s, and never the same twice, while the same launcher
 * under SCHED_FIFO measured within +-3 % run to run at any load. The kernel's real-time throttling (95 % of each
 * second by default) keeps a launcher that went wrong from taking the whole machine; the bench kills it at its
 * timeout.
 */
public final class Realtime {

  private static final List<String> CHRT = List.of("chrt", "-f", "10");
  private static final boolean AVAILABLE = probe();

  private Realtime() {
  }

  /** What to put before a command to run it real-time; empty (and the runs at normal priority) where it cannot. */
  public static List<String> prefix() {
    return AVAILABLE ? CHRT : List.of();
  }

  public static boolean available() {
    return AVAILABLE;
  }

  private static boolean probe() {
    try {
      Process probe = new ProcessBuilder("chrt", "-f", "10", "true").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return probe.waitFor(5, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
