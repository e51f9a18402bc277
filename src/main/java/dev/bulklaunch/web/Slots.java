package dev.bulklaunch.web;

import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cap on requests served at once (uploads streaming, SSE clients): a request takes a slot, or is answered 503 with
 * {@code Retry-After} from its headers alone, and gives the slot back when its response ends or its connection closes.
 */
final class Slots {

  static final String RETRY_AFTER_SECONDS = "5";

  private final int max;
  private final AtomicInteger taken = new AtomicInteger();

  Slots(int max) {
    this.max = max;
  }

  /** True when {@code ctx} got a slot, held until its response is done; false when all are taken (nothing answered). */
  boolean take(RoutingContext ctx) {
    if (taken.incrementAndGet() > max) {
      taken.decrementAndGet();
      return false;
    }
    ctx.addEndHandler(done -> taken.decrementAndGet());
    return true;
  }

  int taken() {
    return taken.get();
  }

  int max() {
    return max;
  }
}
