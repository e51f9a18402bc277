package dev.bulklaunch.lemlist;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * The answer to one of lemlist's read routes, with its body still to be read.
 *
 * @param attempt     the answer classified like a launch's ({@link ResponseClassifier}): status, headers, latency
 * @param body        the paused body of a 2xx answer, to be read as a stream; null otherwise (already consumed)
 * @param contentType the answer's media type, lower case, without parameters ("" when absent)
 */
public record ReadAnswer(Attempt attempt, ReadStream<Buffer> body, String contentType) {

  public int status() {
    return attempt.http();
  }
}
