package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedSitesTest {

  private static final AllowedSites LOOPBACK_ONLY = AllowedSites.DEFAULT;

  @Test
  void theLoopbackNamesAreAnsweredOnTheServersPortOnly() {
    for (String host : List.of("127.0.0.1:8080", "localhost:8080", "[::1]:8080", "LOCALHOST:8080",
        "[0:0:0:0:0:0:0:1]:8080", "127.0.0.2:8080")) {
      assertThat(LOOPBACK_ONLY.allowsHost(host, "127.0.0.1", 8080, "127.0.0.1")).as(host).isTrue();
    }
    for (String host : List.of("localhost:8081", "localhost:80", "evil.example:8080", "localhost.evil.example:8080",
        "127.0.0.1.nip.io:8080", "[::1]:8081", "", "a b:8080", "localhost:99999")) {
      assertThat(LOOPBACK_ONLY.allowsHost(host, "127.0.0.1", 8080, "127.0.0.1")).as(host).isFalse();
    }
    assertThat(LOOPBACK_ONLY.allowsHost(null, "127.0.0.1", 8080, "127.0.0.1")).isFalse();
  }

  @Test
  void aHostWithoutPortIsTheServersOwnNameWhateverItsPort() {
    assertThat(LOOPBACK_ONLY.allowsHost("localhost", "127.0.0.1", 80, "127.0.0.1")).isTrue();
    assertThat(LOOPBACK_ONLY.allowsHost("localhost:80", "127.0.0.1", 80, "127.0.0.1")).isTrue();
    assertThat(LOOPBACK_ONLY.allowsHost("localhost", "127.0.0.1", 8080, "127.0.0.1")).isTrue();
    assertThat(LOOPBACK_ONLY.allowsHost("127.0.0.1", "127.0.0.1", 8080, "127.0.0.1")).isTrue();
    assertThat(LOOPBACK_ONLY.allowsHost("evil.example", "127.0.0.1", 8080, "127.0.0.1")).isFalse();
    assertThat(LOOPBACK_ONLY.allowsHost("localhost:80", "127.0.0.1", 8080, "127.0.0.1")).isFalse();
  }

  @Test
  void theBoundAddressAndForAWildcardBindTheAddressReachedAreAnswered() {
    assertThat(LOOPBACK_ONLY.allowsHost("192.168.1.20:8080", "192.168.1.20", 8080, "192.168.1.20")).isTrue();
    assertThat(LOOPBACK_ONLY.allowsHost("launcher.lan:8080", "Launcher.lan", 8080, "192.168.1.20")).isTrue();
    assertThat(LOOPBACK_ONLY.allowsHost("192.168.1.20:8080", "0.0.0.0", 8080, "192.168.1.20")).isTrue();
    assertThat(LOOPBACK_ONLY.allowsHost("[fe80::1]:8080", "::", 8080, "fe80:0:0:0:0:0:0:1")).isTrue();
    // a name that resolves to the machine is still a name the server was not told about
    assertThat(LOOPBACK_ONLY.allowsHost("evil.example:8080", "0.0.0.0", 8080, "192.168.1.20")).isFalse();
    assertThat(LOOPBACK_ONLY.allowsHost("10.0.0.9:8080", "0.0.0.0", 8080, "192.168.1.20")).isFalse();
  }

  @Test
  void allowedHostsMatchAnyPortOrTheOneGiven() {
    AllowedSites sites = new AllowedSites(List.of("launcher.corp.example", "tools.corp.example:8443"), List.of());

    assertThat(sites.allowsHost("launcher.corp.example", "127.0.0.1", 8080, "127.0.0.1")).isTrue();
    assertThat(sites.allowsHost("Launcher.Corp.Example:443", "127.0.0.1", 8080, "127.0.0.1")).isTrue();
    assertThat(sites.allowsHost("tools.corp.example:8443", "127.0.0.1", 8080, "127.0.0.1")).isTrue();
    assertThat(sites.allowsHost("tools.corp.example", "127.0.0.1", 8080, "127.0.0.1")).isFalse();
    assertThat(sites.allowsHost("corp.example", "127.0.0.1", 8080, "127.0.0.1")).isFalse();
  }

  @Test
  void changesComeFromTheOwnOriginAListedOneOrNoBrowser() {
    AllowedSites sites = new AllowedSites(List.of(), List.of("https://launcher.corp.example"));

    assertThat(sites.allowsChange("http://127.0.0.1:8080", "same-origin", "127.0.0.1:8080")).isTrue();
    assertThat(sites.allowsChange("http://localhost:8080", null, "LocalHost:8080")).isTrue();
    assertThat(sites.allowsChange("http://[::1]:8080", "same-origin", "[::1]:8080")).isTrue();
    assertThat(sites.allowsChange("http://localhost", null, "localhost")).isTrue();
    assertThat(sites.allowsChange(null, null, "127.0.0.1:8080")).isTrue();
    assertThat(sites.allowsChange(null, "none", "127.0.0.1:8080")).isTrue();
    assertThat(sites.allowsChange("https://launcher.corp.example", "cross-site", "127.0.0.1:8080")).isTrue();
    assertThat(sites.allowsChange("https://LAUNCHER.corp.example:443", null, "127.0.0.1:8080")).isTrue();

    assertThat(sites.allowsChange("https://evil.example", "cross-site", "127.0.0.1:8080")).isFalse();
    assertThat(sites.allowsChange("null", null, "127.0.0.1:8080")).isFalse();
    assertThat(sites.allowsChange("http://127.0.0.1:8081", "same-site", "127.0.0.1:8080")).isFalse();
    assertThat(sites.allowsChange("https://127.0.0.1:8080", null, "127.0.0.1:8080")).isFalse();
    assertThat(sites.allowsChange("http://localhost:8080", null, "127.0.0.1:8080")).isFalse();
    assertThat(sites.allowsChange("http://127.0.0.1:8080/path", null, "127.0.0.1:8080")).isFalse();
    assertThat(sites.allowsChange("file://", null, "127.0.0.1:8080")).isFalse();
    assertThat(sites.allowsChange(null, "cross-site", "127.0.0.1:8080")).isFalse();
    assertThat(sites.allowsChange("http://127.0.0.1:8080", "Cross-Site", "127.0.0.1:8080")).isFalse();
  }
}
