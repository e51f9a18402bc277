package dev.bulklaunch.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A loopback port for a process or member to listen on, chosen before it starts (the bench's and the tests' members
 * are listed to each other). Not from the kernel's ephemeral range: a port found free there is the next one handed
 * to some outgoing connection, and was taken before the member bound it (a Hazelcast member failed to start so in CI).
 */
public final class FreePorts {

  /** Below Linux's default ephemeral range (32768-60999), above the well-known and most registered services. */
  private static final int LOWEST = 20_000;
  private static final int HIGHEST = 32_767;
  private static final int TRIES = 200;

  private FreePorts() {
  }

  /** A port nothing listens on now, outside the ephemeral range when one can be found there. */
  public static int one() throws IOException {
    for (int i = 0; i < TRIES; i++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST + 1);
      if (bindable(port)) {
        return port;
      }
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }
}
