package dev.bulklaunch.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Where a server binds: {@code [HOST:]PORT}, loopback when the host is left out. */
public record HostPort(String host, int port) {

  public static HostPort parse(String text, String defaultHost) {
    String value = text.trim();
    int colon = value.lastIndexOf(':');
    String host = colon < 0 ? defaultHost : value.substring(0, colon);
    String port = colon < 0 ? value : value.substring(colon + 1);
    try {
      int n = Integer.parseInt(port);
      if (n < 0 || n > 65535) {
        throw new NumberFormatException();
      }
      return new HostPort(host.isEmpty() ? defaultHost : host, n);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not [HOST:]PORT (a port is 0 to 65535)");
    }
  }

  public boolean isLoopback() {
    try {
      return host.equals("localhost") || InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
