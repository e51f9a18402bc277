package dev.bulklaunch.bench.wire;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One key's requests at the wire: how many, the first and the last (microseconds since the epoch), and the most
 * inside any sliding window {@code [t, t + window)}.
 */
public record KeyWindows(String keyLabel, int requests, long firstMicros, long lastMicros, int maxInAnyWindow) {

  /** Per key label, in label order. */
  public static Map<String, KeyWindows> perKey(Collection<WireRequest> requests, long windowMillis) {
    Map<String, List<Long>> times = new TreeMap<>();
    for (WireRequest request : requests) {
      times.computeIfAbsent(request.keyLabel(), k -> new ArrayList<>()).add(request.atMicros());
    }
    Map<String, KeyWindows> windows = new TreeMap<>();
    times.forEach((label, at) -> {
      long[] sorted = at.stream().mapToLong(Long::longValue).sorted().toArray();
      windows.put(label, new KeyWindows(label, sorted.length, sorted[0], sorted[sorted.length - 1],
          maxInAnyWindow(sorted, windowMillis * 1000)));
    });
    return windows;
  }

  /** Two-pointer sweep: requests a and b share a window when b - a < window. */
  static int maxInAnyWindow(long[] sortedMicros, long windowMicros) {
    int max = 0;
    int first = 0;
    for (int last = 0; last < sortedMicros.length; last++) {
      while (sortedMicros[last] - sortedMicros[first] >= windowMicros) {
        first++;
      }
      max = Math.max(max, last - first + 1);
    }
    return max;
  }

  /** How many of this key's requests fall in {@code [fromMicros, toMicros)}. */
  public static int countBetween(Collection<WireRequest> requests, String keyLabel, long fromMicros, long toMicros) {
    int count = 0;
    for (WireRequest request : requests) {
      if (request.keyLabel().equals(keyLabel) && request.atMicros() >= fromMicros && request.atMicros() < toMicros) {
        count++;
      }
    }
    return count;
  }
}
