package dev.bulklaunch.jobs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who did what: {@code dataDir/audit.ndjson}, one line per state-changing request (a job created, paused, resumed,
 * cancelled, purged) with the time, the token's name ({@code local} without tokens), the job, its key's name and its
 * lead count. Names only: no token, key value or lead. Appended through an {@link AsyncFile}, so the event loop never
 * waits on the disk, in the order the requests were answered.
 */
public final class AuditLog {

  public static final String CREATED = "created";
  public static final String PAUSED = "paused";
  public static final String RESUMED = "resumed";
  public static final String CANCELLED = "cancelled";
  public static final String PURGED = "purged";

  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  private final Vertx vertx;
  private final Path file;
  private Future<AsyncFile> open;
  /** The last append: each waits for the one before, so lines from different event loops keep their order. */
  private Future<Void> lastAppend = Future.succeededFuture();

  AuditLog(Vertx vertx, Path file) {
    this.vertx = vertx;
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** Records {@code action} on {@code job} by {@code by}, with the lines of the job's input as its lead count. */
  public void record(String action, String by, ServerJob job) {
    record(action, by, job, job.inputLines());
  }

  public synchronized void record(String action, String by, ServerJob job, long leads) {
    JsonObject line = new JsonObject().put("at", Instant.now().toString()).put("action", action).put("by", by)
        .put("job", job.id()).put("key", job.keyName()).put("leads", leads);
    Buffer bytes = Buffer.buffer(line.encode() + "\n");
    if (open == null) {
      open = vertx.fileSystem().open(file.toString(), new OpenOptions().setAppend(true).setCreate(true).setWrite(true));
    }
    Future<AsyncFile> audit = open;
    lastAppend = lastAppend.transform(previous -> audit.compose(opened -> opened.write(bytes)))
        .onFailure(error -> LOG.warn("cannot append to {}: {}", file, error.toString()));
  }

  public synchronized Future<Void> close() {
    Future<AsyncFile> audit = open;
    return audit == null ? Future.succeededFuture() : lastAppend.transform(written -> audit.compose(AsyncFile::close));
  }
}
