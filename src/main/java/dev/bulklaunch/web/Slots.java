package dev.bulklaunch.web;

import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicBoolean;
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
    Runnable release = take();
    if (release == null) {
      return false;
    }
    ctx.addEndHandler(done -> release.run());
    return true;
  }

  /**
   * A slot, given back by running what this returns (once; later runs do nothing), for a response whose own end and
   * close handlers are taken (an event stream's); null when all are taken.
   */
  Runnable take() {
    if (taken.incrementAndGet() > max) {
      taken.decrementAndGet();
      return null;
    }
    AtomicBoolean given = new AtomicBoolean();
    return () -> {
      if (given.compareAndSet(false, true)) {
        taken.decrementAndGet();
      }
    };
  }

  int taken() {
    return taken.get();
  }

  int max() {
    return max;
  }
}
