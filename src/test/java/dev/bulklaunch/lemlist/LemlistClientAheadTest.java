package dev.bulklaunch.lemlist;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connections opened ahead carry nothing until a request is made, and the requests then use them. */
class LemlistClientAheadTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void opensConnectionsAheadWithoutWritingOnThemAndTheRequestsUseThem() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    AtomicInteger requests = new AtomicInteger();
    // a bare TCP server: it sees every connection as it is accepted and every byte sent on it
    NetServer server = vertx.createNetServer().connectHandler(socket -> {
      connections.incrementAndGet();
      socket.handler(bytes -> {
        requests.incrementAndGet();
        socket.write(Buffer.buffer("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}"));
      });
    });
    int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
        .actualPort();
    LemlistClient client = new LemlistClient(vertx, "http://127.0.0.1:" + port + "/api", ApiKey.of("test-key"),
        Duration.ofSeconds(5), 4);

    vertx.getOrCreateContext().runOnContext(ahead -> client.connectAhead(4));
    awaitUntil(() -> connections.get() == 4);
    Thread.sleep(200); // anything written on them would have arrived by now
    assertThat(requests).hasValue(0);

    for (int i = 0; i < 4; i++) {
      CompletableFuture<Attempt> answer = new CompletableFuture<>();
      String lead = "lea_" + i;
      vertx.getOrCreateContext().runOnContext(send -> client.launch(lead).subscribe(answer::complete,
          answer::completeExceptionally));
      assertThat(answer.get(10, TimeUnit.SECONDS).http()).isEqualTo(200);
    }
    assertThat(requests).hasValue(4);
    assertThat(connections).hasValue(4);
  }

  private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }
}
