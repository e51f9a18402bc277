package dev.bulklaunch.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool's writer and its followers, with no thread of their own, on one Vert.x context. */
class SpoolTest {

  @TempDir
  Path dir;
  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final HandDrivenUpload upload = new HandDrivenUpload();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void aFollowerReadsTheWholeUploadInOrderWhileItGrowsAndTheUploadIsPausedWhileTheDiskLags() throws Exception {
    Spool spool = Spool.create(dir.resolve("input"));
    byte[] sent = new byte[3 << 20];
    new Random(7).nextBytes(sent);
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    // a follower that starts before the first byte and asks for one small chunk at a time
    Flowable<Buffer> follower = spool.follow(context, 4096).rebatchRequests(1);
    TestSubscriber<Buffer> reader = follower.doOnNext(chunk -> read.write(chunk.getBytes())).test();

    Future<Long> filled = onContext(() -> spool.fill(upload, context, Long.MAX_VALUE));
    // the first half in one go: no write can complete before the last chunk is handed over
    context.runOnContext(v -> pushChunks(sent, 0, sent.length / 2));
    context.runOnContext(v -> pushChunks(sent, sent.length / 2, sent.length));
    context.runOnContext(v -> upload.end());

    assertThat(await(filled)).isEqualTo(sent.length);
    reader.awaitDone(20, TimeUnit.SECONDS).assertNoErrors().assertComplete();
    assertThat(read.toByteArray()).isEqualTo(sent);
    assertThat(Files.readAllBytes(dir.resolve("input"))).isEqualTo(sent);
    assertThat(spool.isComplete()).isTrue();
    assertThat(upload.pauses.get()).as("paused with over 1 MB waiting for the disk").isPositive();
  }

  @Test
  void lineCountsFollowTheBytesWritten() throws Exception {
    Spool spool = Spool.create(dir.resolve("input"));
    Future<Long> filled = onContext(() -> spool.fill(upload, context, Long.MAX_VALUE));
    context.runOnContext(v -> {
      upload.push(Buffer.buffer("lea_1\nlea_2\nlea_"));
      upload.push(Buffer.buffer("3"));
      upload.end();
    });

    assertThat(await(filled)).isEqualTo(17);
    assertThat(spool.lines()).as("two whole lines and a last one without its newline").isEqualTo(3);
  }

  @Test
  void stoppingTheUploadFailsTheFillWithTheReasonAndTheFollowerWithAnError() throws Exception {
    Spool spool = Spool.create(dir.resolve("input"));
    TestSubscriber<Buffer> reader = spool.follow(context, 4096).test();
    Future<Long> filled = onContext(() -> spool.fill(upload, context, Long.MAX_VALUE));
    context.runOnContext(v -> upload.push(Buffer.buffer("lea_1\n")));
    reader.awaitCount(1);

    spool.stopUpload("cancelled from the API");

    assertThatThrownBy(() -> await(filled)).isInstanceOf(Spool.UploadStopped.class)
        .hasMessage("cancelled from the API");
    reader.awaitDone(20, TimeUnit.SECONDS).assertValueCount(1).assertError(java.io.IOException.class);
  }

  @Test
  void anUploadThatSendsNothingForTheIdleTimeoutIsCut() throws Exception {
    Spool spool = Spool.create(dir.resolve("input"));
    long start = System.nanoTime();
    Future<Long> filled = onContext(() -> spool.fill(upload, context, Long.MAX_VALUE, Duration.ofMillis(200)));
    context.runOnContext(v -> upload.push(Buffer.buffer("lea_1\n")));

    assertThatThrownBy(() -> await(filled)).isInstanceOf(Spool.UploadIdle.class)
        .hasMessageContaining("server.uploadIdleTimeout");
    assertThat((System.nanoTime() - start) / 1_000_000).as("not before the timeout").isGreaterThanOrEqualTo(200);
  }

  private void pushChunks(byte[] bytes, int from, int to) {
    Random sizes = new Random(from);
    for (int at = from; at < to; ) {
      int size = Math.min(to - at, 1 + sizes.nextInt(100_000));
      upload.push(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, at, at + size)));
      at += size;
    }
  }

  private <T> T onContext(java.util.concurrent.Callable<T> action) throws Exception {
    java.util.concurrent.CompletableFuture<T> result = new java.util.concurrent.CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        result.complete(action.call());
      } catch (Exception e) {
        result.completeExceptionally(e);
      }
    });
    return result.get(20, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
