package dev.bulklaunch.bench.wire;

/**
 * One captured TCP segment: the kernel's timestamp in microseconds since the epoch, the sending end
 * ({@code flow}: its address and port), its sequence number and its payload.
 */
record TcpSegment(long atMicros, String flow, long sequence, byte[] payload) {
}
