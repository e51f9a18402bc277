package dev.bulklaunch.cli;

import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM: the first asks for a graceful stop (stop reading and sending, let in-flight requests
 * answer, write everything, print the summary); a second SIGINT ends the process at once.
 */
final class Signals {

  private Signals() {
  }

  static void onStop(Runnable graceful, Runnable immediate) {
    AtomicInteger received = new AtomicInteger();
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal.handle(new Signal(name), signal -> {
          if (received.incrementAndGet() == 1) {
            graceful.run();
          } else {
            immediate.run();
          }
        });
      } catch (IllegalArgumentException e) {
        // The signal is not available on this platform; the JVM's default handling stays.
      }
    }
  }
}
