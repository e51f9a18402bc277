package dev.bulklaunch.pacing;

/** The right to send one request now. {@code seq} numbers the key's requests in the order they were allowed out. */
public record Permit(long seq, long grantedAtMs) {
}
