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
 * Takes every reply path of a fresh simulator in the bench's JVM (answers and 429s, on a key of its own), then clears
 * its counts. A cold simulator answered its first 429 up to 35 ms late (its code still being compiled), and the
 * launcher was charged for the requests it sent before that 429 could reach it; a real server's paths are warm.
 */
public final class SimulatorWarmUp {

  private SimulatorWarmUp() {
  }

  /** {@code requests} requests, {@code connections} at a time, then the simulator's counts cleared. */
  public static void run(Vertx vertx, LemlistSimulator simulator, int requests, int connections) throws Exception {
    HttpClient client = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(connections));
    try {
      String authorization = ApiKey.of("bench-warm-up").basicAuthorization();
      List<Future<Buffer>> answers = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        answers.add(client.request(HttpMethod.POST, simulator.port(), "127.0.0.1", "/api/leads/review/lea_warmup" + i)
            .compose(request -> request.putHeader("Authorization", authorization).send())
            .compose(HttpClientResponse::body));
      }
      Future.join(answers).await(120, TimeUnit.SECONDS);
    } finally {
      client.close().await(30, TimeUnit.SECONDS);
    }
    simulator.reset();
  }
}
