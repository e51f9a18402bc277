package dev.bulklaunch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WriteBatchesTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void whatIsAddedBeforeTheLaneRunsIsWrittenAsOneBatchInOrderAndThenRunsAfterIt() {
    ArrayDeque<Runnable> lane = new ArrayDeque<>();
    List<List<Integer>> batches = new ArrayList<>();
    List<String> after = new ArrayList<>();
    WriteBatches<Integer> items = new WriteBatches<>(lane::add, batches::add);

    for (int i = 1; i <= 5; i++) {
      items.add(i);
    }
    items.then(() -> after.add("first then, batches: " + batches.size()));
    items.add(6);
    items.add(7);
    // 6 and 7 join the batch still waiting: a write task per batch, not per item
    assertThat(lane).hasSize(2);
    runAll(lane);
    items.add(8);
    items.then(() -> after.add("second then, batches: " + batches.size()));
    runAll(lane);

    assertThat(batches).containsExactly(List.of(1, 2, 3, 4, 5, 6, 7), List.of(8));
    assertThat(after).containsExactly("first then, batches: 1", "second then, batches: 2");
  }

  private static void runAll(ArrayDeque<Runnable> lane) {
    for (Runnable task = lane.poll(); task != null; task = lane.poll()) {
      task.run();
    }
  }

  @Test
  void manyLanesKeepTheirOwnOrderOnTheSharedWriter() throws Exception {
    int lanes = 20;
    List<List<Integer>> seen = new ArrayList<>();
    List<CompletableFuture<Void>> done = new ArrayList<>();
    for (int lane = 0; lane < lanes; lane++) {
      List<Integer> order = new CopyOnWriteArrayList<>();
      seen.add(order);
      WriteBatches<Integer> items = new WriteBatches<>(FileWriters.newLane(), order::addAll);
      for (int i = 0; i < 1_000; i++) {
        items.add(i);
      }
      CompletableFuture<Void> end = new CompletableFuture<>();
      items.then(() -> end.complete(null));
      done.add(end);
    }
    CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

    for (List<Integer> order : seen) {
      assertThat(order).hasSize(1_000).isSorted();
    }
  }
}
