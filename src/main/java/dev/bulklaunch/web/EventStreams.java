package dev.bulklaunch.web;

import dev.bulklaunch.runtime.EventLoopScheduler;
import io.reactivex.rxjava3.core.BackpressureOverflowStrategy;
import io.reactivex.rxjava3.core.BackpressureStrategy;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import io.reactivex.rxjava3.subjects.CompletableSubject;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SSE routes, views of the event bus (see {@link EventAddresses}): the bus consumer becomes a Flowable, written
 * by an {@link SseClient} and disposed when the client leaves.
 */
final class EventStreams {

  /** Live messages a client may lag behind before it is closed; superseded progress is dropped before that. */
  static final int MAX_LIVE_BACKLOG = 2000;

  private final Vertx vertx;
  private final Jobs jobs;
  private final long heartbeatMs;

  EventStreams(Vertx vertx, Jobs jobs, long heartbeatMs) {
    this.vertx = vertx;
    this.jobs = jobs;
    this.heartbeatMs = heartbeatMs;
  }

  /** {@code GET /api/jobs/{id}/events}: progress, result, done; {@code Last-Event-ID} (or ?lastEventId=) replays results. */
  void jobEvents(RoutingContext ctx) {
    ServerJob job = jobs.get(ctx.pathParam("id")).orElse(null);
    if (job == null) {
      JobRoutes.notFound(ctx);
      return;
    }
    Long lastId = lastEventId(ctx);
    CompletableSubject listening = CompletableSubject.create();
    Flowable<JsonObject> live = bus(EventAddresses.job(job.id()), listening);
    Flowable<JsonObject> current = Flowable.defer(() -> Flowable.just(message(job.isFinished() ? "done" : "progress", job)))
        .delaySubscription(listening.toFlowable());
    Flowable<JsonObject> replay = lastId == null ? Flowable.empty()
        : results(job.resultsFile(), lastId).delaySubscription(listening.toFlowable());
    AtomicLong lastResult = new AtomicLong(lastId == null ? job.publishedResults() : lastId);
    // Subscribed together: the bus listens before the file is read, and nothing is written between the two.
    Flowable<JsonObject> events = Flowable.concatArrayEager(replay, current, live)
        .filter(m -> !m.getString("type").equals("result") || advance(lastResult, m.getLong("id")))
        .takeUntil((JsonObject m) -> m.getString("type").equals("done"));
    stream(ctx, events, "job " + job.id());
  }

  /** {@code GET /api/events}: every job's progress and done. */
  void allEvents(RoutingContext ctx) {
    AtomicLong counter = new AtomicLong();
    Flowable<JsonObject> current = Flowable.defer(() -> Flowable.fromIterable(jobs.list())
        .map(job -> message(job.isFinished() ? "done" : "progress", job)));
    Flowable<JsonObject> events = Flowable.concatArrayEager(current, bus(EventAddresses.ALL_JOBS, CompletableSubject.create()))
        .map(m -> m.copy().put("id", counter.incrementAndGet()));
    stream(ctx, events, "all jobs");
  }

  private void stream(RoutingContext ctx, Flowable<JsonObject> events, String name) {
    SseClient client = new SseClient(vertx, ctx.response(), name, heartbeatMs);
    events.observeOn(new EventLoopScheduler(vertx.getOrCreateContext()), false, 64).subscribe(client);
  }

  private Flowable<JsonObject> bus(String address, CompletableSubject listening) {
    return Flowable.<JsonObject>create(emitter -> {
      MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(address, message -> emitter.onNext(message.body()));
      consumer.completion().onComplete(done -> listening.onComplete());
      emitter.setCancellable(consumer::unregister);
    }, BackpressureStrategy.MISSING)
        .onBackpressureBuffer(MAX_LIVE_BACKLOG, () -> { }, BackpressureOverflowStrategy.ERROR);
  }

  /** The job's results after {@code afterId}, read from its results file on an I/O thread as they are requested. */
  private static Flowable<JsonObject> results(Path file, long afterId) {
    return Flowable.<JsonObject, Replay>generate(() -> new Replay(file),
        (replay, emitter) -> {
          String line = replay.reader == null ? null : replay.reader.readLine();
          while (line != null && ++replay.seq <= afterId) {
            line = replay.reader.readLine();
          }
          if (line == null) {
            emitter.onComplete();
            return;
          }
          try {
            emitter.onNext(new JsonObject().put("type", "result").put("id", replay.seq).put("result", new JsonObject(line)));
          } catch (RuntimeException torn) {
            emitter.onComplete(); // a line being written: the bus delivers it
          }
        },
        Replay::close)
        .subscribeOn(Schedulers.io());
  }

  private static JsonObject message(String type, ServerJob job) {
    return new JsonObject().put("type", type).put("id", job.publishedResults()).put("job", job.snapshot());
  }

  private static boolean advance(AtomicLong last, long id) {
    if (id <= last.get()) {
      return false;
    }
    last.set(id);
    return true;
  }

  private static Long lastEventId(RoutingContext ctx) {
    String text = ctx.request().getHeader("Last-Event-ID");
    if (text == null) {
      text = ctx.request().getParam("lastEventId");
    }
    try {
      return text == null || text.isBlank() ? null : Math.max(0, Long.parseLong(text.trim()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static final class Replay {
    final BufferedReader reader;
    long seq;

    Replay(Path file) throws java.io.IOException {
      this.reader = Files.exists(file) ? Files.newBufferedReader(file, StandardCharsets.UTF_8) : null;
    }

    void close() throws java.io.IOException {
      if (reader != null) {
        reader.close();
      }
    }
  }
}
