package dev.bulklaunch.jobs;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A request body a test pushes, ends and breaks by hand. It counts the pauses it is asked for and keeps sending
 * anyway, as a test may.
 */
public final class HandDrivenUpload implements ReadStream<Buffer> {

  public final AtomicInteger pauses = new AtomicInteger();
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;

  public void push(Buffer chunk) {
    handler.handle(chunk);
  }

  public void send(String text) {
    push(Buffer.buffer(text));
  }

  public void end() {
    endHandler.handle(null);
  }

  public void fail(Throwable error) {
    exceptionHandler.handle(error);
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    this.handler = handler;
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    pauses.incrementAndGet();
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    return this;
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }
}
