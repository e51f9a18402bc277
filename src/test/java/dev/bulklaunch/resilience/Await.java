package dev.bulklaunch.resilience;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls for a fact with a bounded deadline; never a bare sleep standing in for "it has happened by now". */
public final class Await {

  private static final Duration EVERY = Duration.ofMillis(2);

  private Await() {
  }

  public static void until(Duration limit, String what, BooleanSupplier condition) throws InterruptedException {
    until(limit, EVERY, what, condition);
  }

  /** @param every how often {@code condition} is asked (one that reads a file or asks a server: not too often) */
  public static void until(Duration limit, Duration every, String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up after " + limit + " waiting until " + what);
      }
      Thread.sleep(every.toMillis());
    }
  }
}
