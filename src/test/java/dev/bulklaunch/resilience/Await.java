package dev.bulklaunch.resilience;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls for a fact with a bounded deadline; never a bare sleep standing in for "it has happened by now". */
final class Await {

  private Await() {
  }

  static void until(Duration limit, String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up after " + limit + " waiting until " + what);
      }
      Thread.sleep(2);
    }
  }
}
