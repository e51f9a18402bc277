package dev.bulklaunch.web;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live threads of this JVM (the server runs in it), less the test's own HTTP client's and the shared pools that
 * are bounded whatever the load (Vert.x's worker and internal blocking pools, 20 each, which AsyncFile and blocking
 * calls borrow; the process's file writers, 2 + 1, which end when idle): what remains grows only if something holds a
 * thread of its own.
 */
final class LiveThreads {

  private static final List<String> NOT_COUNTED = List.of("HttpClient-", "vert.x-worker-thread-",
      "vert.x-internal-blocking-", "file-writer-", "file-sync-");

  private LiveThreads() {
  }

  static int count() {
    return (int) Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
        .filter(t -> NOT_COUNTED.stream().noneMatch(t.getName()::startsWith)).count();
  }

  /** Every live thread, the shared pools' included, for the record. */
  static int all() {
    return (int) Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).count();
  }

  /** Counted threads by name, digits dropped (result-writer: 10), for a failure message. */
  static Map<String, Integer> byName() {
    Map<String, Integer> names = new TreeMap<>();
    Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
        .filter(t -> NOT_COUNTED.stream().noneMatch(t.getName()::startsWith))
        .forEach(t -> names.merge(t.getName().replaceAll("\\d+", "#"), 1, Integer::sum));
    return names;
  }
}
