package dev.bulklaunch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every running job's progress on one timer, which runs only while some job ticks. */
class ProgressTicksTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void oneTimerTicksEveryJobAndStopsWithTheLast() throws Exception {
    ProgressTicks ticks = new ProgressTicks(vertx, 20);
    assertThat(ticks.isTicking()).isFalse();
    CountDownLatch first = new CountDownLatch(3);
    CountDownLatch second = new CountDownLatch(3);

    Runnable stopFirst = ticks.add(first::countDown);
    Runnable stopSecond = ticks.add(second::countDown);

    assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
    stopFirst.run();
    assertThat(ticks.isTicking()).as("one job still runs").isTrue();
    stopSecond.run();
    stopSecond.run();
    assertThat(ticks.isTicking()).isFalse();
    Runnable again = ticks.add(() -> { });
    assertThat(ticks.isTicking()).isTrue();
    again.run();
  }
}
