package dev.bulklaunch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

  @Test
  void allowedHostsAndOriginsAreReadFromArraysOrCommaSeparatedText() {
    ServerConfig fromFile = ServerConfig.from(new JsonObject()
        .put("allowedHosts", new JsonArray().add("Launcher.Example.com").add("tools.example.com:8443"))
        .put("allowedOrigins", new JsonArray().add("https://Launcher.example.com/").add("http://tools.example.com:80")));
    ServerConfig fromEnvironment = ServerConfig.from(new JsonObject()
        .put("allowedHosts", " launcher.example.com , [fe80::1]:8080,")
        .put("allowedOrigins", "https://launcher.example.com:8443"));

    assertThat(fromFile.allowedHosts()).containsExactly("launcher.example.com", "tools.example.com:8443");
    assertThat(fromFile.allowedOrigins()).containsExactly("https://launcher.example.com", "http://tools.example.com");
    assertThat(fromEnvironment.allowedHosts()).containsExactly("launcher.example.com", "[fe80::1]:8080");
    assertThat(fromEnvironment.allowedOrigins()).containsExactly("https://launcher.example.com:8443");
    assertThat(ServerConfig.from(new JsonObject()).allowedHosts()).isEmpty();
  }

  @Test
  void theEnvironmentVariablesFillTheKeys() {
    JsonObject merged = ConfigLoader.applyPrecedence(new JsonObject()
        .put("LAUNCHER_SERVER_ALLOWED_HOSTS", "launcher.example.com")
        .put("LAUNCHER_SERVER_ALLOWED_ORIGINS", "https://launcher.example.com"), new JsonObject());

    ServerConfig server = LauncherConfig.from(merged).server();

    assertThat(server.allowedHosts()).containsExactly("launcher.example.com");
    assertThat(server.allowedOrigins()).containsExactly("https://launcher.example.com");
  }

  @Test
  void entriesThatWouldLetAnyPageInOrAreNotHostsOrOriginsAreRefused() {
    for (String host : new String[] {"https://launcher.example.com", "*", "*.example.com", "launcher.example.com/x",
        "a b"}) {
      assertThatThrownBy(() -> ServerConfig.from(new JsonObject().put("allowedHosts", host)))
          .as(host).isInstanceOf(ConfigException.class).hasMessageContaining("server.allowedHosts");
    }
    for (String origin : new String[] {"null", "*", "launcher.example.com", "https://launcher.example.com/app",
        "ftp://launcher.example.com", "https://user@launcher.example.com"}) {
      assertThatThrownBy(() -> ServerConfig.from(new JsonObject().put("allowedOrigins", origin)))
          .as(origin).isInstanceOf(ConfigException.class).hasMessageContaining("server.allowedOrigins");
    }
  }

  @Test
  void theLimitsDefaultToEightUploadsThirtySecondsIdleAnd256EventStreams() {
    ServerConfig defaults = ServerConfig.from(new JsonObject());
    ServerConfig set = ServerConfig.from(new JsonObject().put("maxUploads", 2).put("uploadIdleTimeout", "500ms")
        .put("maxEventStreams", "3"));

    assertThat(defaults.maxUploads()).isEqualTo(8);
    assertThat(defaults.uploadIdleTimeout()).isEqualTo(java.time.Duration.ofSeconds(30));
    assertThat(defaults.maxEventStreams()).isEqualTo(256);
    assertThat(set.maxUploads()).isEqualTo(2);
    assertThat(set.uploadIdleTimeout()).isEqualTo(java.time.Duration.ofMillis(500));
    assertThat(set.maxEventStreams()).isEqualTo(3);
  }

  @Test
  void limitsThatAreNotPositiveOrNotDurationsAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> ServerConfig.from(new JsonObject().put("maxUploads", 0)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("server.maxUploads");
    assertThatThrownBy(() -> ServerConfig.from(new JsonObject().put("maxEventStreams", "many")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("server.maxEventStreams");
    assertThatThrownBy(() -> ServerConfig.from(new JsonObject().put("uploadIdleTimeout", "soon")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("server.uploadIdleTimeout");
    assertThatThrownBy(() -> ServerConfig.from(new JsonObject().put("uploadIdleTimeout", "0s")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("server.uploadIdleTimeout");
  }

  @Test
  void runningJobsKeepJobsAndTheDataDirectoryAreReadAndCheckedInOneLine() {
    ServerConfig defaults = ServerConfig.from(new JsonObject());
    ServerConfig set = LauncherConfig.from(ConfigLoader.applyPrecedence(new JsonObject()
        .put("LAUNCHER_SERVER_DATA_DIR", "/var/lib/launcher")
        .put("server", new JsonObject().put("maxRunningJobs", 3).put("keepJobs", "30d")), new JsonObject())).server();

    assertThat(defaults.maxRunningJobs()).isEqualTo(64);
    assertThat(defaults.keepJobs()).isNull();
    assertThat(set.maxRunningJobs()).isEqualTo(3);
    assertThat(set.keepJobs()).isEqualTo(java.time.Duration.ofDays(30));
    assertThat(set.dataDir()).isEqualTo(java.nio.file.Path.of("/var/lib/launcher"));
    assertThatThrownBy(() -> ServerConfig.from(new JsonObject().put("maxRunningJobs", 0)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("server.maxRunningJobs");
    assertThatThrownBy(() -> ServerConfig.from(new JsonObject().put("keepJobs", "a month")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("server.keepJobs: ").hasMessageNotContaining("\n");
  }
}
