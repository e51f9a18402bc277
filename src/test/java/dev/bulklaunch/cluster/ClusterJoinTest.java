package dev.bulklaunch.cluster;

import dev.bulklaunch.bench.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulklaunch.config.ClusterConfig;
import dev.bulklaunch.config.HostPort;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClusterJoinTest {

  private final List<Vertx> members = new java.util.ArrayList<>();

  @AfterEach
  void leave() throws Exception {
    for (Vertx member : members) {
      member.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void twoMembersJoinEachOtherAndTalkOverTheClusteredBus() throws Exception {
    String name = "test-" + UUID.randomUUID();
    int first = FreePorts.one();
    int second = FreePorts.one();
    List<HostPort> listed = List.of(new HostPort("127.0.0.1", first), new HostPort("127.0.0.1", second));

    long start = System.nanoTime();
    Vertx a = start(new ClusterConfig(true, name, "127.0.0.1", first, listed, 0, Duration.ofSeconds(5)));
    long firstJoinedMs = (System.nanoTime() - start) / 1_000_000;
    start = System.nanoTime();
    Vertx b = start(new ClusterConfig(true, name, "127.0.0.1", second, listed, 0, Duration.ofSeconds(5)));
    long secondJoinedMs = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("cluster join: first member %d ms, second %d ms%n", firstJoinedMs, secondJoinedMs);

    a.eventBus().<String>consumer("ping", message -> message.reply("pong from a"));
    // the registration travels through the cluster manager: the second member may not see it at once
    String answer = null;
    for (int i = 0; i < 50 && answer == null; i++) {
      answer = b.eventBus().<String>request("ping", "hi").map(m -> m.body()).otherwise((String) null)
          .await(5, TimeUnit.SECONDS);
    }
    assertThat(answer).isEqualTo("pong from a");
  }

  private Vertx start(ClusterConfig config) throws Exception {
    Vertx vertx = ClusteredVertx.start(new VertxOptions(), config).await(60, TimeUnit.SECONDS);
    members.add(vertx);
    return vertx;
  }
}
