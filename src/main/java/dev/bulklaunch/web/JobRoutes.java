package dev.bulklaunch.web;

import dev.bulklaunch.jobs.AuditLog;
import dev.bulklaunch.jobs.Jobs;
import dev.bulklaunch.jobs.ServerJob;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Job snapshots, pause/resume/cancel, and results from the job's results file (NDJSON or CSV). */
final class JobRoutes {

  private static final String CSV_HEADER = "leadId,status,code,http,message,attempts,latencyMs,at,line,campaignId\r\n";

  private final Jobs jobs;

  JobRoutes(Jobs jobs) {
    this.jobs = jobs;
  }

  void list(RoutingContext ctx) {
    JsonArray all = new JsonArray();
    Caller caller = Caller.of(ctx);
    jobs.list().stream().filter(job -> caller.mayUse(job.keyName())).forEach(job -> all.add(job.snapshot()));
    Replies.json(ctx, 200, new JsonObject().put("jobs", all));
  }

  void get(RoutingContext ctx) {
    withJob(ctx, job -> Replies.json(ctx, 200, job.snapshot()));
  }

  void pause(RoutingContext ctx) {
    withJob(ctx, job -> {
      if (jobs.runsElsewhere(job)) {
        forward(ctx, job, AuditLog.PAUSED);
        return;
      }
      if (job.isFinished()) {
        notActive(ctx, job, "pause");
        return;
      }
      job.pause();
      audit(ctx, AuditLog.PAUSED, job);
      Replies.json(ctx, 200, job.snapshot());
    });
  }

  void resume(RoutingContext ctx) {
    withJob(ctx, job -> {
      if (jobs.runsElsewhere(job)) {
        forward(ctx, job, AuditLog.RESUMED);
        return;
      }
      if (job.resumesFromSpool()) {
        jobs.claimIdle(job).onSuccess(claimed -> resumeInterrupted(ctx, claimed))
            .onFailure(error -> heldElsewhere(ctx, job));
        return;
      }
      if (job.isFinished()) {
        notActive(ctx, job, "resume");
        return;
      }
      job.resume();
      audit(ctx, AuditLog.RESUMED, job);
      Replies.json(ctx, 200, job.snapshot());
    });
  }

  void cancel(RoutingContext ctx) {
    if ("true".equalsIgnoreCase(ctx.request().getParam("purge"))) {
      purge(ctx);
      return;
    }
    withJob(ctx, job -> {
      if (jobs.runsElsewhere(job)) {
        forward(ctx, job, AuditLog.CANCELLED);
      } else if (!job.isFinished() && jobs.idleInCluster(job)) {
        jobs.claimIdle(job).onSuccess(claimed -> cancelHere(ctx, claimed)).onFailure(error -> heldElsewhere(ctx, job));
      } else {
        cancelHere(ctx, job);
      }
    });
  }

  private void cancelHere(RoutingContext ctx, ServerJob job) {
    if (!job.isFinished()) {
      job.cancel("cancelled from the API");
      audit(ctx, AuditLog.CANCELLED, job);
    }
    Replies.json(ctx, 200, job.snapshot());
  }

  private void purge(RoutingContext ctx) {
    withJob(ctx, job -> {
      if (jobs.purge(job)) {
        audit(ctx, AuditLog.PURGED, job);
        Replies.json(ctx, 200, new JsonObject().put("id", job.id()).put("purged", true));
      } else {
        Replies.error(ctx, 409, "JOB_NOT_FINISHED", "cannot purge job " + job.id() + ": it is "
            + job.state().name().toLowerCase(Locale.ROOT) + "; cancel it first (DELETE /api/jobs/" + job.id() + ")");
      }
    });
  }

  void results(RoutingContext ctx) {
    boolean csv = ctx.request().path().endsWith(".csv") || "csv".equalsIgnoreCase(ctx.request().getParam("format"));
    withJob(ctx, job -> {
      String statusParam = ctx.request().getParam("status");
      Set<String> statuses = statusParam == null || statusParam.isBlank() ? Set.of()
          : Arrays.stream(statusParam.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
      HttpServerResponse response = ctx.response();
      if (csv) {
        response.putHeader("Content-Type", "text/csv; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"results-" + job.id() + ".csv\"");
      } else {
        response.putHeader("Content-Type", "application/x-ndjson; charset=utf-8");
      }
      response.setChunked(true).putHeader("Cache-Control", "no-store");
      if (csv) {
        response.write(CSV_HEADER);
      }
      Function<JsonObject, String> format = csv ? JobRoutes::csvLine : json -> json.encode() + "\n";
      if (!Files.exists(job.resultsFile())) {
        response.end();
        return;
      }
      ctx.vertx().fileSystem().open(job.resultsFile().toString(), new OpenOptions().setRead(true).setWrite(false))
          .onFailure(error -> response.reset())
          .onSuccess(file -> {
            RecordParser lines = RecordParser.newDelimited("\n", file);
            lines.handler(line -> {
              JsonObject result = parse(line.toString());
              if (result != null && (statuses.isEmpty() || statuses.contains(result.getString("status")))) {
                response.write(format.apply(result));
                if (response.writeQueueFull()) {
                  lines.pause();
                  response.drainHandler(v -> lines.resume());
                }
              }
            });
            lines.exceptionHandler(error -> response.reset());
            lines.endHandler(v -> {
              response.end();
              file.close();
            });
            response.closeHandler(v -> file.close());
          });
    });
  }

  private void resumeInterrupted(RoutingContext ctx, ServerJob job) {
    try {
      jobs.resumeInterrupted(job);
      audit(ctx, AuditLog.RESUMED, job);
      Replies.json(ctx, 200, job.snapshot());
    } catch (dev.bulklaunch.keys.UnknownKeyException e) {
      Replies.error(ctx, 409, "UNKNOWN_KEY", Caller.of(ctx).allKeys() ? "this job launches with " + e.getMessage()
          : "this job's key '" + job.keyName() + "' is no longer in the server's keyring");
    } catch (IOException e) {
      Replies.error(ctx, 409, "CANNOT_RESUME", "this job cannot be resumed: its spooled input or results are "
          + "unreadable (" + e.getMessage() + ")");
    }
  }

  /** In a cluster: the member running the job does it; this one, which was asked, records it. */
  private void forward(RoutingContext ctx, ServerJob job, String action) {
    jobs.forward(job, action).onSuccess(snapshot -> {
      audit(ctx, action, job);
      Replies.json(ctx, 200, snapshot);
    }).onFailure(error -> {
      ctx.response().putHeader("Retry-After", "5");
      Replies.error(ctx, 503, "JOB_MOVING", "the cluster member running job " + job.id() + " did not answer (it may "
          + "have left: another member takes its jobs over within 15 s); try again in a few seconds");
    });
  }

  private static void heldElsewhere(RoutingContext ctx, ServerJob job) {
    ctx.response().putHeader("Retry-After", "5");
    Replies.error(ctx, 409, "JOB_HELD", "another cluster member holds job " + job.id() + " right now; try again in a "
        + "few seconds");
  }

  private void audit(RoutingContext ctx, String action, ServerJob job) {
    jobs.audit().record(action, Caller.of(ctx).name(), job);
  }

  private void withJob(RoutingContext ctx, java.util.function.Consumer<ServerJob> action) {
    visibleJob(ctx, jobs).ifPresentOrElse(action, () -> notFound(ctx));
  }

  /** The job of the path, unless the caller's token may not use its key: another team's job does not exist for it. */
  static java.util.Optional<ServerJob> visibleJob(RoutingContext ctx, Jobs jobs) {
    Caller caller = Caller.of(ctx);
    return jobs.get(ctx.pathParam("id")).filter(job -> caller.mayUse(job.keyName()));
  }

  static void notFound(RoutingContext ctx) {
    Replies.error(ctx, 404, "JOB_NOT_FOUND", "no job '" + ctx.pathParam("id") + "': GET /api/jobs lists the jobs");
  }

  private static void notActive(RoutingContext ctx, ServerJob job, String action) {
    Replies.error(ctx, 409, "JOB_FINISHED", "cannot " + action + " job " + job.id() + ": it is "
        + job.state().name().toLowerCase(Locale.ROOT));
  }

  private static JsonObject parse(String line) {
    try {
      return line.isBlank() ? null : new JsonObject(line);
    } catch (RuntimeException torn) {
      return null;
    }
  }

  static String csvLine(JsonObject r) {
    return String.join(",", csv(r.getString("leadId")), csv(r.getString("status")), csv(r.getString("code")),
        csv(r.getValue("http")), csv(r.getString("message")), csv(r.getValue("attempts")), csv(r.getValue("latencyMs")),
        csv(r.getString("at")), csv(r.getValue("line")), csv(r.getString("campaignId"))) + "\r\n";
  }

  private static String csv(Object value) {
    if (value == null) {
      return "";
    }
    String text = String.valueOf(value);
    // a leading = + - @ would be a formula in a spreadsheet
    if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 && !(value instanceof Number)) {
      text = "'" + text;
    }
    if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }
}
