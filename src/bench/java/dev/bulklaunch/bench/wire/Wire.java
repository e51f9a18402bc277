package dev.bulklaunch.bench.wire;

import java.util.List;
import java.util.Map;

/**
 * What a capture saw: the requests to the server with their kernel timestamps, or, when no capture could be made,
 * why not ({@code counted} false: the bench then judges by the simulator's own count and says so).
 */
public record Wire(boolean counted, String note, List<WireRequest> requests, long droppedPackets) {

  public static Wire unavailable(String why) {
    return new Wire(false, why, List.of(), 0);
  }

  public Map<String, KeyWindows> perKey(long windowMillis) {
    return KeyWindows.perKey(requests, windowMillis);
  }

  /** The most requests of one key inside any window, over all keys; 0 without a capture. */
  public int maxInAnyWindow(long windowMillis) {
    return perKey(windowMillis).values().stream().mapToInt(KeyWindows::maxInAnyWindow).max().orElse(0);
  }

  /** The first and last request over all keys, in microseconds since the epoch; -1 without any. */
  public long firstMicros() {
    return requests.stream().mapToLong(WireRequest::atMicros).min().orElse(-1);
  }

  public long lastMicros() {
    return requests.stream().mapToLong(WireRequest::atMicros).max().orElse(-1);
  }
}
