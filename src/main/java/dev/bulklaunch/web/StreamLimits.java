package dev.bulklaunch.web;

/**
 * How much one SSE client may lag. Superseded progress is always dropped; past either bound the client is closed.
 *
 * @param heartbeatMs     a comment line this often on a quiet stream
 * @param maxLiveBacklog  bus messages waiting for a client that does not take them
 * @param maxQueuedBytes  frames waiting for the client's socket
 * @param writeQueueBytes the response's write queue before it counts as full, 0 for Netty's default (64 KB)
 * @param sendBufferBytes the server sockets' send buffer, 0 for the system's (tests make both small)
 */
public record StreamLimits(long heartbeatMs, int maxLiveBacklog, int maxQueuedBytes, int writeQueueBytes,
                           int sendBufferBytes) {

  public static final StreamLimits DEFAULT = new StreamLimits(15_000, 2_000, 1 << 20, 0, 0);

  public StreamLimits withHeartbeatMs(long ms) {
    return new StreamLimits(ms, maxLiveBacklog, maxQueuedBytes, writeQueueBytes, sendBufferBytes);
  }
}
