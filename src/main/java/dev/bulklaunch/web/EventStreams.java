package dev.bulklaunch.web;

import dev.bulklaunch.jobs.EventAddresses;
import dev.bulklaunch.jobs.Jobs;
import dev.bulklaunch.jobs.ServerJob;
import dev.bulklaunch.result.Journal;
import dev.bulklaunch.runtime.EventLoopScheduler;
import io.reactivex.rxjava3.core.BackpressureStrategy;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import io.reactivex.rxjava3.subjects.CompletableSubject;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SSE routes, views of the event bus (see {@link EventAddresses}): the bus consumer becomes a Flowable, written
 * by an {@link SseClient} and disposed when the client leaves.
 */
final class EventStreams {

  // small: what a stalled client holds back is bounded by the live backlog, not by operator buffers
  private static final int PREFETCH = 16;

  private final Vertx vertx;
  private final Jobs jobs;
  private final StreamLimits limits;
  private final Slots streams;

  EventStreams(Vertx vertx, Jobs jobs, StreamLimits limits, Slots streams) {
    this.vertx = vertx;
    this.jobs = jobs;
    this.limits = limits;
    this.streams = streams;
  }

  /** {@code GET /api/jobs/{id}/events}: progress, result, done; {@code Last-Event-ID} (or ?lastEventId=) replays results. */
  void jobEvents(RoutingContext ctx) {
    ServerJob job = JobRoutes.visibleJob(ctx, jobs).orElse(null);
    if (job == null) {
      JobRoutes.notFound(ctx);
      return;
    }
    Runnable slot = slotOrRefuse(ctx);
    if (slot == null) {
      return;
    }
    Runnable unwatch = job.watch();
    Long lastId = lastEventId(ctx);
    SseClient client = new SseClient(vertx, ctx.request(), "job " + job.id(), limits, slot);
    CompletableSubject listening = CompletableSubject.create();
    Flowable<JsonObject> live = bus(EventAddresses.job(job.id()), listening, client::fallenBehind);
    Flowable<JsonObject> current = Flowable.defer(() -> Flowable.just(message(job.isFinished() ? "done" : "progress", job)))
        .delaySubscription(listening.toFlowable());
    Flowable<JsonObject> replay = lastId == null ? Flowable.empty()
        : results(job.resultsFile(), lastId).delaySubscription(listening.toFlowable());
    AtomicLong lastResult = new AtomicLong(lastId == null ? job.publishedResults() : lastId);
    // Subscribed together: the bus listens before the file is read, and nothing is written between the two.
    Flowable<JsonObject> events = Flowable.concatEager(List.of(replay, current, live), 3, PREFETCH)
        .filter(m -> !m.getString("type").equals("result") || advance(lastResult, m.getLong("id")))
        .takeUntil((JsonObject m) -> m.getString("type").equals("done"))
        .doFinally(unwatch::run);
    stream(events, client);
  }

  /** {@code GET /api/events}: every job's progress and done, of the jobs whose key the caller may use. */
  void allEvents(RoutingContext ctx) {
    Runnable slot = slotOrRefuse(ctx);
    if (slot == null) {
      return;
    }
    AtomicLong counter = new AtomicLong();
    Caller caller = Caller.of(ctx);
    SseClient client = new SseClient(vertx, ctx.request(), "all jobs", limits, slot);
    Flowable<JsonObject> current = Flowable.defer(() -> Flowable.fromIterable(jobs.list())
        .map(job -> message(job.isFinished() ? "done" : "progress", job)));
    Flowable<JsonObject> events = Flowable.concatEager(
            List.of(current, bus(EventAddresses.ALL_JOBS, CompletableSubject.create(), client::fallenBehind)), 2, PREFETCH)
        .filter(m -> caller.mayUse(m.getJsonObject("job").getString("key")))
        .map(m -> m.copy().put("id", counter.incrementAndGet()));
    stream(events, client);
  }

  /** A slot the client gives back when it is released; null, and 503 answered, when all are taken. */
  private Runnable slotOrRefuse(RoutingContext ctx) {
    Runnable slot = streams.take();
    if (slot == null) {
      ctx.response().putHeader("Retry-After", Slots.RETRY_AFTER_SECONDS);
      Replies.error(ctx, 503, "TOO_MANY_EVENT_STREAMS", "this server serves " + streams.max() + " event streams at "
          + "once (server.maxEventStreams) and all are open: close another tab or try again in a few seconds");
    }
    return slot;
  }

  private void stream(Flowable<JsonObject> events, SseClient client) {
    events.observeOn(new EventLoopScheduler(vertx.getOrCreateContext()), false, PREFETCH).subscribe(client);
  }

  /** The address as a Flowable; a client more than the live backlog behind is closed ({@code fallenBehind}). */
  private Flowable<JsonObject> bus(String address, CompletableSubject listening, Runnable fallenBehind) {
    return Flowable.<JsonObject>create(emitter -> {
      MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(address, message -> emitter.onNext(message.body()));
      consumer.completion().onComplete(done -> listening.onComplete());
      emitter.setCancellable(consumer::unregister);
    }, BackpressureStrategy.MISSING)
        // closed at once from the overflow hook: the error itself would wait behind the buffered messages
        .onBackpressureBuffer(limits.maxLiveBacklog(), false, false, fallenBehind::run);
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
      this.reader = Files.exists(file) ? Journal.reader(file) : null;
    }

    void close() throws java.io.IOException {
      if (reader != null) {
        reader.close();
      }
    }
  }
}
