package dev.bulklaunch.web;

import dev.bulklaunch.config.Durations;
import dev.bulklaunch.jobs.Jobs;
import dev.bulklaunch.jobs.ServerJob;
import dev.bulklaunch.jobs.Spool;
import dev.bulklaunch.keys.UnknownKeyException;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/jobs}: the body is spooled to the job's directory as it arrives and the job launches from the
 * spool at once, so launching starts before a large upload ends and memory stays flat. The answer (201) comes when
 * the whole upload is on disk.
 */
final class UploadRoute implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(UploadRoute.class);
  private static final Set<String> PLAIN_TYPES = Set.of("text/plain", "text/csv", "application/x-ndjson");
  private static final String MULTIPART = "multipart/form-data";
  private static final String ACCEPTED = "text/plain, text/csv, application/x-ndjson, or multipart/form-data with "
      + "the list in the field 'file'";

  private final Jobs jobs;
  private final long maxBytes;
  private final Slots uploads;
  private final Duration idleTimeout;

  UploadRoute(Jobs jobs, long maxBytes, Slots uploads, Duration idleTimeout) {
    this.jobs = jobs;
    this.maxBytes = maxBytes;
    this.uploads = uploads;
    this.idleTimeout = idleTimeout;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!jobs.acceptsUploads()) {
      Replies.refuseUnread(ctx, 409, "UPLOADS_NOT_ACCEPTED", "this dashboard follows one command-line run; to upload "
          + "lists, run scripts/launch serve");
      return;
    }
    String keyName = request.getParam("key", dev.bulklaunch.keys.Keyring.DEFAULT);
    try {
      jobs.factories().forKey(keyName);
    } catch (UnknownKeyException e) {
      Replies.refuseUnread(ctx, 400, "UNKNOWN_KEY", e.getMessage() + "; GET /api/keys lists them");
      return;
    }
    String type = mediaType(request.getHeader("Content-Type"));
    if (!PLAIN_TYPES.contains(type) && !type.equals(MULTIPART)) {
      Replies.refuseUnread(ctx, 415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type '" + type + "' is not a lead list: send "
          + ACCEPTED);
      return;
    }
    String length = request.getHeader("Content-Length");
    if (length != null && parseLength(length) > maxBytes) {
      Replies.refuseUnread(ctx, 413, "UPLOAD_TOO_LARGE", tooLarge());
      return;
    }
    if (!uploads.take(ctx)) {
      ctx.response().putHeader("Retry-After", Slots.RETRY_AFTER_SECONDS);
      Replies.refuseUnread(ctx, 503, "TOO_MANY_UPLOADS", "this server takes " + uploads.max() + " uploads at once "
          + "(server.maxUploads) and all are streaming: try again in a few seconds");
      return;
    }
    if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
      ctx.response().writeContinue();
    }
    boolean dryRun = "true".equalsIgnoreCase(request.getParam("dryRun"));
    String name = request.getParam("name");
    Context context = ctx.vertx().getOrCreateContext();
    if (type.equals(MULTIPART)) {
      AtomicBoolean found = new AtomicBoolean();
      // a form that stalls before its file field is cut like an upload that stalls
      long noFile = ctx.vertx().setTimer(idleTimeout.toMillis(), t -> {
        if (!found.get()) {
          Replies.refuseUnread(ctx, 408, "UPLOAD_IDLE", idle());
        }
      });
      ctx.addEndHandler(done -> ctx.vertx().cancelTimer(noFile));
      request.setExpectMultipart(true);
      request.uploadHandler(upload -> {
        if (upload.name().equals("file") && found.compareAndSet(false, true)) {
          ctx.vertx().cancelTimer(noFile);
          launch(ctx, context, upload, name == null ? upload.filename() : name, dryRun, keyName);
        } else {
          upload.handler(ignored -> { });
        }
      });
      request.endHandler(v -> {
        if (!found.get()) {
          Replies.error(ctx, 400, "NO_FILE_FIELD", "the multipart body has no field named 'file': send the lead list "
              + "as the 'file' field (curl -F file=@ids.txt)");
        }
      });
      request.resume();
    } else {
      launch(ctx, context, request, name, dryRun, keyName);
    }
  }

  private void launch(RoutingContext ctx, Context context, ReadStream<Buffer> body, String name, boolean dryRun,
                      String keyName) {
    ServerJob job;
    Spool spool;
    io.reactivex.rxjava3.core.Single<Boolean> hasLeads;
    try {
      job = jobs.create(name, dryRun, keyName);
      spool = Spool.create(job.inputFile());
      job.spooling(spool);
      hasLeads = jobs.start(job, spool);
    } catch (IOException e) {
      LOG.warn("cannot create a job: {}", e.toString());
      Replies.refuseUnread(ctx, 507, "STORAGE_ERROR", "the server cannot store the upload: " + e.getMessage());
      return;
    }
    spool.fill(body, context, maxBytes, idleTimeout)
        .onSuccess(bytes -> {
          job.uploadFinished(bytes);
          hasLeads.subscribe(any -> context.runOnContext(v -> answer(ctx, job, any)));
        })
        .onFailure(error -> {
          if (error instanceof Spool.UploadTooLarge) {
            job.cancel("the upload went over server.maxUploadBytes");
            Replies.refuseUnread(ctx, 413, "UPLOAD_TOO_LARGE", tooLarge());
          } else if (error instanceof Spool.UploadIdle) {
            job.cancel("the upload was cut: it sent nothing for " + Durations.format(idleTimeout)
                + " (server.uploadIdleTimeout)");
            Replies.refuseUnread(ctx, 408, "UPLOAD_IDLE", idle());
          } else if (error instanceof Spool.UploadStopped) {
            Replies.refuseUnread(ctx, 409, "JOB_CANCELLED", "the job was cancelled during its upload ("
                + error.getMessage() + "); the rest of the upload was not read");
          } else {
            job.cancel("the upload was interrupted");
            Replies.error(ctx, 400, "UPLOAD_FAILED", "the upload did not complete: " + error.getMessage());
          }
        });
    body.resume();
  }

  private void answer(RoutingContext ctx, ServerJob job, boolean anyLead) {
    if (anyLead) {
      ctx.response().putHeader("Location", "/api/jobs/" + job.id());
      Replies.json(ctx, 201, job.snapshot());
    } else {
      jobs.discard(job);
      Replies.error(ctx, 400, "EMPTY_LEAD_LIST", "the upload holds no lead: put one lead ID per line (lea_...), "
          + "a CSV with a leadId column, or NDJSON objects with a leadId field");
    }
  }

  private String idle() {
    return "the upload sent nothing for " + Durations.format(idleTimeout) + " (server.uploadIdleTimeout), so it was cut "
        + "and its job cancelled: send the list again";
  }

  private String tooLarge() {
    return "the upload is larger than this server accepts (" + maxBytes + " bytes, server.maxUploadBytes): split the "
        + "list into smaller files";
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  private static long parseLength(String length) {
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
