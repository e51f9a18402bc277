package dev.bulklaunch.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

final class FreePorts {

  private FreePorts() {
  }

  static int one() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
