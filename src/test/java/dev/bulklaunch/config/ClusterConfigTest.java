package dev.bulklaunch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {

  @Test
  void nothingOfTheClusterIsOnUnlessAsked() {
    ClusterConfig config = ClusterConfig.from(new JsonObject(), ClusterConfig.DEFAULT_PORT);
    assertThat(config.enabled()).isFalse();
    assertThat(config.name()).isEqualTo("bulklaunch");
    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(5701);
    assertThat(config.members()).isEmpty();
    assertThat(config.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void membersComeAsTheEnvironmentsCommaListOrAJsonArray() {
    ClusterConfig fromEnv = ClusterConfig.from(new JsonObject().put("enabled", "true")
        .put("members", " 10.0.0.5:5701, 5702 ,"), 0);
    assertThat(fromEnv.enabled()).isTrue();
    assertThat(fromEnv.port()).as("a command-line run takes a free port").isZero();
    assertThat(fromEnv.members()).containsExactly(new HostPort("10.0.0.5", 5701), new HostPort("127.0.0.1", 5702));
    ClusterConfig fromFile = ClusterConfig.from(new JsonObject().put("members", new JsonArray().add("a:1")), 0);
    assertThat(fromFile.members()).containsExactly(new HostPort("a", 1));
  }

  @Test
  void aBadValueNamesTheOption() {
    assertThatThrownBy(() -> ClusterConfig.from(new JsonObject().put("members", "host:99999"), 0))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("--cluster-members");
    assertThatThrownBy(() -> ClusterConfig.from(new JsonObject().put("name", "a b"), 0))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.name");
    assertThatThrownBy(() -> ClusterConfig.from(new JsonObject().put("port", "x"), 0))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("--cluster-port");
    assertThatThrownBy(() -> ClusterConfig.from(new JsonObject().put("heartbeatTimeout", "1s"), 0))
        .isInstanceOf(ConfigException.class).hasMessageContaining("heartbeatTimeout");
  }
}
