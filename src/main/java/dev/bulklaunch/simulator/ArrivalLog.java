package dev.bulklaunch.simulator;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Arrival times per key (one long each, appended in order), to find the busiest window after the fact. */
final class ArrivalLog {

  private final Map<String, Times> byKey = new HashMap<>();

  void record(String key, long atMs) {
    byKey.computeIfAbsent(key, k -> new Times()).add(atMs);
  }

  /** The most arrivals of one key inside any window {@code [t, t + windowMs)}, over all keys. */
  int maxInAnyWindow(long windowMs) {
    int max = 0;
    for (Times times : byKey.values()) {
      max = Math.max(max, maxInAnyWindow(times.values, times.size, windowMs));
    }
    return max;
  }

  /** Per key: its arrivals, the most in any window, and its first and last arrival. */
  JsonObject perKey(long windowMs) {
    JsonObject all = new JsonObject();
    new java.util.TreeMap<>(byKey).forEach((key, times) -> all.put(key, new JsonObject()
        .put("requests", times.size)
        .put("maxInAnyWindow", maxInAnyWindow(times.values, times.size, windowMs))
        .put("firstArrivalMs", times.size == 0 ? null : times.values[0])
        .put("lastArrivalMs", times.size == 0 ? null : times.values[times.size - 1])));
    return all;
  }

  /** Per key: every arrival time in order, for a timeline of one key's windows. */
  JsonObject timelines() {
    JsonObject all = new JsonObject();
    new java.util.TreeMap<>(byKey).forEach((key, times) -> {
      io.vertx.core.json.JsonArray at = new io.vertx.core.json.JsonArray();
      for (int i = 0; i < times.size; i++) {
        at.add(times.values[i]);
      }
      all.put(key, at);
    });
    return all;
  }

  /** Two-pointer sweep over sorted times: arrivals a and b share a window when b - a < windowMs. */
  static int maxInAnyWindow(long[] sortedMs, int size, long windowMs) {
    int max = 0;
    int first = 0;
    for (int last = 0; last < size; last++) {
      while (sortedMs[last] - sortedMs[first] >= windowMs) {
        first++;
      }
      max = Math.max(max, last - first + 1);
    }
    return max;
  }

  void clear() {
    byKey.clear();
  }

  private static final class Times {
    long[] values = new long[64];
    int size;

    void add(long atMs) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      // Kept sorted even if a caller's clock steps back, so the sweep stays exact.
      long at = size > 0 ? Math.max(atMs, values[size - 1]) : atMs;
      values[size++] = at;
    }
  }
}
