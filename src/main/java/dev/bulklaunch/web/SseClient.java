package dev.bulklaunch.web;

import io.reactivex.rxjava3.core.FlowableSubscriber;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser's event stream. Written on the response's event loop, never faster than the socket takes it: a newer
 * progress snapshot replaces one not yet written, results wait in a bounded queue, and a client that lets the queue
 * fill up is closed; it can reconnect with {@code Last-Event-ID}. Launching never waits for a client.
 */
final class SseClient implements FlowableSubscriber<JsonObject> {

  private static final Logger LOG = LoggerFactory.getLogger(SseClient.class);

  private final Vertx vertx;
  private final HttpServerResponse response;
  private final HttpConnection connection;
  private final String name;
  private final Deque<String> queue = new ArrayDeque<>();
  private final long heartbeatTimer;
  private final int maxQueuedBytes;
  private final Runnable onRelease;
  private static final int BATCH = 64;

  private Subscription upstream;
  private long outstanding;
  private String pendingProgress;
  private long queuedBytes;
  private boolean finished;
  private boolean closed;

  /** @param onRelease run once when the stream ends or the client leaves (gives back its server.maxEventStreams slot) */
  SseClient(Vertx vertx, HttpServerRequest request, String name, StreamLimits limits, Runnable onRelease) {
    this.vertx = vertx;
    this.onRelease = onRelease;
    this.response = request.response();
    this.connection = request.connection();
    this.name = name;
    this.maxQueuedBytes = limits.maxQueuedBytes();
    response.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    if (limits.writeQueueBytes() > 0) {
      response.setWriteQueueMaxSize(limits.writeQueueBytes());
    }
    response.write("retry: 2000\n\n");
    this.heartbeatTimer = vertx.setPeriodic(limits.heartbeatMs(), t -> heartbeat());
    response.endHandler(v -> release());
    response.closeHandler(v -> release());
    response.exceptionHandler(e -> release());
  }

  @Override
  public void onSubscribe(Subscription subscription) {
    upstream = subscription;
    if (closed) {
      subscription.cancel();
    } else {
      requestMore();
    }
  }

  @Override
  public void onNext(JsonObject message) {
    outstanding--;
    if (closed) {
      return;
    }
    String type = message.getString("type");
    JsonObject data = message.containsKey("result") ? message.getJsonObject("result") : message.getJsonObject("job");
    String frame = "id: " + message.getValue("id") + "\nevent: " + type + "\ndata: " + data.encode() + "\n\n";
    if (type.equals("progress")) {
      pendingProgress = frame;
    } else {
      queue.addLast(frame);
      queuedBytes += frame.length();
      if (queuedBytes > maxQueuedBytes) {
        LOG.info("closing the event stream of {}: the client does not keep up", name);
        close();
        return;
      }
    }
    flush();
  }

  /** More live messages wait for this client than it may lag: close it (it may come back with Last-Event-ID). */
  void fallenBehind() {
    if (!closed) {
      LOG.info("closing the event stream of {}: it does not keep up", name);
      close();
    }
  }

  @Override
  public void onError(Throwable error) {
    LOG.info("closing the event stream of {}: {}", name, error.toString());
    close();
  }

  @Override
  public void onComplete() {
    finished = true;
    flush();
  }

  private void flush() {
    while (!closed && !response.writeQueueFull()) {
      String next = pendingProgress != null ? pendingProgress : queue.pollFirst();
      if (next == null) {
        break;
      }
      if (next == pendingProgress) {
        pendingProgress = null;
      } else {
        queuedBytes -= next.length();
      }
      response.write(next);
    }
    if (closed) {
      return;
    }
    if (response.writeQueueFull()) {
      response.drainHandler(v -> flush());
    } else if (finished) {
      response.end();
      release();
      return;
    }
    requestMore();
  }

  // Replays are read only as fast as the socket takes them; live results wait upstream in a bounded buffer.
  private void requestMore() {
    if (!closed && !finished && upstream != null && outstanding < BATCH / 4 && queuedBytes < maxQueuedBytes / 4) {
      upstream.request(BATCH - outstanding);
      outstanding = BATCH;
    }
  }

  private void heartbeat() {
    if (!closed && queue.isEmpty() && pendingProgress == null && !response.writeQueueFull()) {
      response.write(": heartbeat\n\n");
    }
  }

  private void close() {
    if (!closed) {
      release();
      // reset() leaves an HTTP/1.1 connection open once the request has ended: close the connection itself
      connection.close();
    }
  }

  // The client went away, or the stream ended: stop listening to the bus.
  private void release() {
    if (closed) {
      return;
    }
    closed = true;
    onRelease.run();
    vertx.cancelTimer(heartbeatTimer);
    queue.clear();
    if (upstream != null) {
      upstream.cancel();
    }
  }
}
