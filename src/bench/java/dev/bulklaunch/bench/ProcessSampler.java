package dev.bulklaunch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads a child process's CPU ticks and VmHWM from {@code /proc} every 50 ms while it runs and keeps the
 * last reading, so CPU time is known to within one sampling period.
 */
final class ProcessSampler implements AutoCloseable {

  static final long PERIOD_MS = 50;

  private final Path stat;
  private final Path status;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "bench-sampler");
    thread.setDaemon(true);
    return thread;
  });
  private volatile ProcessSample last = ProcessSample.NONE;

  ProcessSampler(long pid) {
    this.stat = Path.of("/proc", String.valueOf(pid), "stat");
    this.status = Path.of("/proc", String.valueOf(pid), "status");
    timer.scheduleAtFixedRate(this::sample, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
  }

  ProcessSample last() {
    return last;
  }

  private void sample() {
    try {
      ProcessSample now = new ProcessSample(ProcessSample.cpuTicks(Files.readString(stat)),
          ProcessSample.peakRssKb(Files.readString(status)));
      last = now.atLeast(last);
    } catch (IOException | RuntimeException e) {
      // The process has exited (or is a zombie without memory figures): keep the last good reading.
    }
  }

  @Override
  public void close() {
    sample();
    timer.shutdownNow();
  }

  /** CPU ticks of every child this JVM has reaped so far, or -1 when {@code /proc/self/stat} cannot be read. */
  static long reapedChildrenCpuTicks() {
    try {
      return ProcessSample.reapedChildrenCpuTicks(Files.readString(Path.of("/proc/self/stat")));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static long clockTicksPerSecond() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes()).trim();
      return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
