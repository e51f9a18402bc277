package dev.bulklaunch.web;

import dev.bulklaunch.config.ServerConfig;
import io.netty.util.NetUtil;
import io.vertx.core.net.HostAndPort;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which {@code Host} a request may name and which {@code Origin} may change state. A page can reach a local server
 * two ways: under a name of its own that it makes resolve to 127.0.0.1 (DNS rebinding: the request then names that
 * host), or by sending a form or a no-cors fetch from its own origin (the request then carries that origin).
 */
final class AllowedSites {

  static final AllowedSites DEFAULT = new AllowedSites(List.of(), List.of());

  private final List<HostAndPort> hosts;
  private final Set<String> origins;

  /** Entries as {@link ServerConfig} canonicalises them: {@code name[:port]}, {@code scheme://host[:port]}. */
  AllowedSites(List<String> allowedHosts, List<String> allowedOrigins) {
    this.hosts = allowedHosts.stream().map(entry -> HostAndPort.parseAuthority(entry, -1)).toList();
    this.origins = Set.copyOf(allowedOrigins);
  }

  static AllowedSites from(ServerConfig server) {
    return new AllowedSites(server.allowedHosts(), server.allowedOrigins());
  }

  /**
   * The loopback names and addresses, the bound address, or the address the request came in on (what a wildcard
   * bind answers to), on the server's port or with no port; or an entry of {@code server.allowedHosts}.
   *
   * @param host         the request's {@code Host}, as sent
   * @param boundHost    the configured bind host
   * @param port         the port the server listens on
   * @param localAddress the address the connection reached, an IP literal (null when unknown)
   */
  boolean allowsHost(String host, String boundHost, int port, String localAddress) {
    HostAndPort asked = host == null ? null : HostAndPort.parseAuthority(host.trim(), -1);
    if (asked == null || asked.host().isEmpty()) {
      return false;
    }
    String name = asked.host().toLowerCase(Locale.ROOT);
    int askedPort = asked.port() < 0 ? 80 : asked.port();
    for (HostAndPort entry : hosts) {
      if (entry.host().equals(name) && (entry.port() < 0 || entry.port() == askedPort)) {
        return true;
      }
    }
    // Browsers always name a port other than 80, so a Host without one is a hand-written client's (as before this
    // check): answered for the server's own names whatever its port.
    if (asked.port() >= 0 && asked.port() != port) {
      return false;
    }
    InetAddress address = ipLiteral(name);
    if (address == null) {
      return name.equals("localhost") || name.equals(boundHost.toLowerCase(Locale.ROOT));
    }
    return address.isLoopbackAddress() || address.equals(ipLiteral(boundHost)) || address.equals(ipLiteral(localAddress));
  }

  /**
   * A state-changing request is the server's own page's, a listed origin's, or not a browser's (no {@code Origin}).
   * {@code Sec-Fetch-Site: cross-site} is refused unless the origin is listed.
   *
   * @param host the request's {@code Host}, already allowed
   */
  boolean allowsChange(String origin, String secFetchSite, String host) {
    String canonical = origin == null ? null : ServerConfig.canonicalOrigin(origin.trim());
    if (canonical != null && origins.contains(canonical)) {
      return true;
    }
    if ("cross-site".equalsIgnoreCase(secFetchSite)) {
      return false;
    }
    return origin == null || canonical != null && canonical.equals(ServerConfig.canonicalOrigin("http://" + host.trim()));
  }

  /**
   * Any request to the API a browser marks {@code cross-site} or {@code same-site} (an {@code <img>}, a link, a
   * no-cors fetch: reads that spend the key's budget too) comes from another site's page: refused unless its origin is
   * listed. Other clients send no {@code Sec-Fetch-Site}.
   */
  boolean allowsApiRead(String origin, String secFetchSite) {
    if (!"cross-site".equalsIgnoreCase(secFetchSite) && !"same-site".equalsIgnoreCase(secFetchSite)) {
      return true;
    }
    String canonical = origin == null ? null : ServerConfig.canonicalOrigin(origin.trim());
    return canonical != null && origins.contains(canonical);
  }

  private static InetAddress ipLiteral(String host) {
    if (host == null) {
      return null;
    }
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    // a literal only: a name would need a DNS lookup, which must not happen on the event loop
    return NetUtil.createInetAddressFromIpAddressString(bare);
  }
}
