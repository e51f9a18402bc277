package dev.bulklaunch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulklaunch.config.RateSpec;
import dev.bulklaunch.result.LeadResult;
import dev.bulklaunch.result.ResultSink;
import dev.bulklaunch.result.Status;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job's results on the bus: published while someone watches, counted in the results file either way. */
class ResultEventsTest {

  @TempDir
  Path dir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void resultsArePublishedOnlyWhileWatchedAndTheirIdsCountEveryLine() throws Exception {
    ServerJob job = new ServerJob(vertx, Runnable::run, new ProgressTicks(vertx, 500), "job1", "test", Instant.now(),
        false, dir, RateSpec.parse("20/2s"), "default", "local");
    LinkedBlockingQueue<JsonObject> heard = new LinkedBlockingQueue<>();
    vertx.eventBus().<JsonObject>consumer(EventAddresses.job("job1"), message -> {
      if ("result".equals(message.body().getString("type"))) {
        heard.add(message.body());
      }
    }).completion().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    ResultSink sink = job.openSink();

    sink.writeAll(List.of(launched("lea_1"), launched("lea_2")));
    Runnable unwatch = job.watch();
    sink.writeAll(List.of(launched("lea_3")));
    unwatch.run();
    sink.writeAll(List.of(launched("lea_4")));
    Runnable watchAgain = job.watch();
    sink.writeAll(List.of(launched("lea_5")));
    watchAgain.run();
    sink.close();

    JsonObject third = heard.poll(5, TimeUnit.SECONDS);
    JsonObject fifth = heard.poll(5, TimeUnit.SECONDS);
    assertThat(third.getLong("id")).as("the id is the result's line in the file").isEqualTo(3);
    assertThat(third.getJsonObject("result").getString("leadId")).isEqualTo("lea_3");
    assertThat(fifth.getLong("id")).isEqualTo(5);
    assertThat(heard.poll(200, TimeUnit.MILLISECONDS)).as("nothing published while nobody watched").isNull();
    assertThat(Files.readAllLines(job.resultsFile())).hasSize(5);
    assertThat(job.publishedResults()).isEqualTo(5);
  }

  private static LeadResult launched(String leadId) {
    return new LeadResult(leadId, Status.LAUNCHED, null, 200, null, 1, 50, Instant.now(), 1);
  }
}
