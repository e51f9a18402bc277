package dev.bulklaunch.bench.wire;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tcpdump -i lo -n -U -w FILE 'tcp dst port PORT'} around a run: every segment sent to the server, stamped
 * by the kernel when the client handed it to the loopback, so a late server cannot move the count. Needs tcpdump and
 * the right to capture (root); without them {@link #stop(long)} says why and gives no count.
 */
public final class WireCapture {

  /** The tcpdump to run: {@code -Dbench.tcpdump=PATH}, else {@code tcpdump} on the PATH. */
  static final String TCPDUMP = System.getProperty("bench.tcpdump", "tcpdump");
  private static final Pattern DROPPED = Pattern.compile("(\\d+) packets? dropped by kernel");

  private final Path file;
  private final Process tcpdump;
  private final StringBuffer messages = new StringBuffer();
  private final String unavailable;
  private Wire stopped;

  private WireCapture(Path file, Process tcpdump, String unavailable) {
    this.file = file;
    this.tcpdump = tcpdump;
    this.unavailable = unavailable;
  }

  /** Starts capturing what is sent to {@code port} on the loopback into {@code file}; returns once tcpdump listens. */
  public static WireCapture start(Path file, int port) throws InterruptedException {
    Process process;
    try {
      Files.deleteIfExists(file);
      process = new ProcessBuilder(TCPDUMP, "-i", "lo", "-n", "-U", "-B", "16384", "-w", file.toString(),
          "tcp dst port " + port).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      return new WireCapture(file, null, "no " + TCPDUMP + " to run (" + e.getMessage() + ")");
    }
    WireCapture capture = new WireCapture(file, process, null);
    CountDownLatch listening = new CountDownLatch(1);
    Thread reader = new Thread(() -> capture.readMessages(listening), "bench-tcpdump-stderr");
    reader.setDaemon(true);
    reader.start();
    if (!listening.await(10, TimeUnit.SECONDS) || !process.isAlive()) {
      process.destroyForcibly();
      String said = capture.messages.toString().trim().replace('\n', ' ');
      return new WireCapture(file, null, TCPDUMP + " did not start capturing: " + (said.isEmpty() ? "no output" : said));
    }
    return capture;
  }

  private void readMessages(CountDownLatch listening) {
    try (BufferedReader err = new BufferedReader(new InputStreamReader(tcpdump.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = err.readLine()) != null) {
        messages.append(line).append('\n');
        if (line.contains("listening on")) {
          listening.countDown();
        }
      }
    } catch (IOException e) {
      messages.append(e.getMessage()).append('\n');
    } finally {
      listening.countDown();
    }
  }

  /**
   * Stops tcpdump and reads its file, once. tcpdump is stopped only when its file holds the {@code expectedRequests}
   * the server counted (or after 15 s): on a loaded machine it reads the loopback late, and a stop before it caught up
   * would lose the last requests. A capture still short of them is not used ({@link Wire#counted()} false, and why).
   */
  public synchronized Wire stop(long expectedRequests) throws InterruptedException {
    if (stopped == null) {
      stopped = tcpdump == null ? Wire.unavailable(unavailable) : stopCapture(expectedRequests);
    }
    return stopped;
  }

  private Wire stopCapture(long expectedRequests) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (tcpdump.isAlive() && System.nanoTime() < deadline && captured().size() < expectedRequests) {
      Thread.sleep(200);
    }
    tcpdump.destroy();
    if (!tcpdump.waitFor(10, TimeUnit.SECONDS)) {
      tcpdump.destroyForcibly().waitFor();
    }
    Thread.sleep(50); // its closing counts on stderr
    long dropped = 0;
    Matcher m = DROPPED.matcher(messages);
    if (m.find()) {
      dropped = Long.parseLong(m.group(1));
    }
    try {
      List<WireRequest> requests = RequestFinder.requests(PcapReader.segments(Files.readAllBytes(file)));
      if (requests.size() < expectedRequests) {
        return Wire.unavailable("the capture holds " + requests.size() + " of the " + expectedRequests
            + " requests the server counted (tcpdump fell behind" + (dropped > 0 ? ", " + dropped + " packets dropped" : "")
            + ")");
      }
      return new Wire(true, dropped > 0 ? dropped + " packets dropped by the kernel during the capture" : "",
          requests, dropped);
    } catch (IOException | IllegalArgumentException e) {
      return Wire.unavailable("the capture " + file + " could not be read: " + e.getMessage());
    }
  }

  private List<WireRequest> captured() {
    try {
      return RequestFinder.requests(PcapReader.segments(Files.readAllBytes(file)));
    } catch (IOException | IllegalArgumentException e) {
      return List.of(); // not written yet
    }
  }
}
