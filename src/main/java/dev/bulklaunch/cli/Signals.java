package dev.bulklaunch.cli;

import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM: the first asks for a graceful stop (stop reading and sending, let in-flight requests
 * answer, write everything, print the summary); a second SIGINT ends the process at once.
 *
 * <p>Why {@code sun.misc.Signal} (module jdk.unsupported, kept for exactly this) and not a shutdown hook: a hook
 * runs once the JVM is already exiting, cannot tell a first Ctrl-C from a second, and cannot pick exit status 3.
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
