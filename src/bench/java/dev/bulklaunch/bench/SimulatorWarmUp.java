package dev.bulklaunch.bench;

import dev.bulklaunch.lemlist.ApiKey;
import dev.bulklaunch.simulator.LemlistSimulator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Takes every reply path of a fresh simulator (answers and 429s, on a key of its own), then clears its counts. A cold
 * simulator answered its first 429 up to 35 ms late (its code still being compiled), and the launcher was charged for
 * the requests it sent before that 429 could reach it; a real server's paths are warm.
 */
public final class SimulatorWarmUp {

  private SimulatorWarmUp() {
  }

  /** {@code requests} requests, {@code connections} at a time, then the simulator's counts cleared. */
  public static void run(Vertx vertx, LemlistSimulator simulator, int requests, int connections) throws Exception {
    send(vertx, "127.0.0.1", simulator.port(), requests, connections);
    simulator.reset();
  }

  /**
   * The same for a simulator in a process of its own ({@code scripts/launch simulate}, the many-keys row's), at
   * {@code host}:{@code port}: its counts are cleared through {@code POST /_sim/reset}. Returns how many of the
   * requests were answered.
   */
  public static int overHttp(String host, int port, int requests, int connections) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      int answered = send(vertx, host, port, requests, connections);
      HttpClient client = vertx.createHttpClient();
      int status = client.request(HttpMethod.POST, port, host, "/_sim/reset")
          .compose(request -> request.send()).map(HttpClientResponse::statusCode).await(30, TimeUnit.SECONDS);
      if (status != 200) {
        throw new IllegalStateException("the simulator's reset answered " + status);
      }
      return answered;
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  /** How many of the requests were answered, whatever the answer. */
  private static int send(Vertx vertx, String host, int port, int requests, int connections) throws Exception {
    HttpClient client = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(connections));
    try {
      String authorization = ApiKey.of("bench-warm-up").basicAuthorization();
      List<Future<Buffer>> answers = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        answers.add(client.request(HttpMethod.POST, port, host, "/api/leads/review/lea_warmup" + i)
            .compose(request -> request.putHeader("Authorization", authorization).send())
            .compose(HttpClientResponse::body));
      }
      Future.join(answers).otherwiseEmpty().await(120, TimeUnit.SECONDS);
      return (int) answers.stream().filter(Future::succeeded).count();
    } finally {
      client.close().await(30, TimeUnit.SECONDS);
    }
  }
}
