package dev.bulklaunch.send;

/** Told of each step of paced sends, to count them (a job's live counters). */
public interface SendObserver {

  SendObserver NONE = new SendObserver() {
  };

  /** A permit was granted and the request leaves. */
  default void requestSent() {
  }

  /** lemlist answered, whatever the answer. */
  default void answered() {
  }

  /** The answer was a 429. */
  default void rateLimited() {
  }

  /** The request is tried again after a backoff. */
  default void retried() {
  }
}
