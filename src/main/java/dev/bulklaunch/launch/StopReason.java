package dev.bulklaunch.launch;

/** Why a job stopped before its input ran out. */
public enum StopReason {
  /** lemlist answered 401, 405 or refused the plan: no other lead can succeed. The rest of the input is reported ABORTED. */
  REFUSED_BY_SERVER,
  /** SIGINT or SIGTERM: stop reading, let in-flight requests finish. */
  SIGNAL,
  /** Cancelled by a user of the server. */
  CANCELLED;

  /** Whether to stop reading input, rather than report the rest of it as not sent. */
  public boolean stopsReading() {
    return this != REFUSED_BY_SERVER;
  }
}
