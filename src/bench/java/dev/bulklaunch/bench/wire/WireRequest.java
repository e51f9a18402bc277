package dev.bulklaunch.bench.wire;

/**
 * One request to the API as it left for the server: the kernel's timestamp of the segment that carried its request
 * line (microseconds since the epoch) and the key it was sent with, named by the simulator's label (a digest).
 */
public record WireRequest(long atMicros, String keyLabel) {
}
