package dev.bulklaunch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TurnBatchesTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void whatOneEventLoopTurnAddsIsWrittenAsOneBatchInOrder() throws Exception {
    List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    TurnBatches<Integer> items = new TurnBatches<>(FileWriters.newLane(), batches::add);
    CompletableFuture<Void> written = new CompletableFuture<>();

    vertx.runOnContext(first -> {
      for (int i = 1; i <= 5; i++) {
        items.add(i);
      }
      vertx.runOnContext(second -> {
        items.add(6);
        items.add(7);
        items.then(() -> written.complete(null));
      });
    });
    written.get(10, TimeUnit.SECONDS);

    assertThat(batches).containsExactly(List.of(1, 2, 3, 4, 5), List.of(6, 7));
  }

  @Test
  void manyLanesKeepTheirOwnOrderOnTheSharedWriter() throws Exception {
    int lanes = 20;
    List<List<Integer>> seen = new ArrayList<>();
    List<CompletableFuture<Void>> done = new ArrayList<>();
    for (int lane = 0; lane < lanes; lane++) {
      List<Integer> order = new CopyOnWriteArrayList<>();
      seen.add(order);
      TurnBatches<Integer> items = new TurnBatches<>(FileWriters.newLane(), order::addAll);
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
