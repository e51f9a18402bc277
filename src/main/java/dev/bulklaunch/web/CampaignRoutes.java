package dev.bulklaunch.web;

import dev.bulklaunch.campaign.CampaignException;
import dev.bulklaunch.campaign.CampaignReader;
import dev.bulklaunch.campaign.CampaignTally;
import dev.bulklaunch.config.CampaignOptions;
import dev.bulklaunch.config.ConfigException;
import dev.bulklaunch.jobs.AuditLog;
import dev.bulklaunch.jobs.Jobs;
import dev.bulklaunch.jobs.ServerJob;
import dev.bulklaunch.jobs.Spool;
import dev.bulklaunch.keys.Keyring;
import dev.bulklaunch.keys.UnknownKeyException;
import io.vertx.core.Context;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The campaign side of the API: {@code GET /api/campaigns} (the dashboard's picker), {@code GET
 * /api/campaigns/:id/preview} (how many leads wait for review, by emailStatus: a dry run's count, nothing spooled)
 * and the campaign branch of {@code POST /api/jobs}: with {@code ?campaign=} and no body, the campaigns' review queues
 * are exported into the job's spool (IDs and campaign only) and the job launches from it like from an upload, so it
 * resumes after a restart the same way.
 */
final class CampaignRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(CampaignRoutes.class);

  private final Jobs jobs;

  CampaignRoutes(Jobs jobs) {
    this.jobs = jobs;
  }

  void list(RoutingContext ctx) {
    CampaignReader reader = readerOrRefuse(ctx);
    if (reader == null) {
      return;
    }
    Context context = ctx.vertx().getOrCreateContext();
    reader.campaigns().subscribe(
        campaigns -> context.runOnContext(v -> Replies.json(ctx, 200, new JsonObject()
            .put("campaigns", new JsonArray(List.copyOf(campaigns))))),
        error -> context.runOnContext(v -> failed(ctx, error)));
  }

  void preview(RoutingContext ctx) {
    CampaignReader reader = readerOrRefuse(ctx);
    CampaignOptions options = reader == null ? null
        : options(ctx, List.of(ctx.pathParam("campaignId")), ctx.request().getParam("emailStatus"));
    if (options == null) {
      return;
    }
    Context context = ctx.vertx().getOrCreateContext();
    reader.preview(options).subscribe(
        tally -> context.runOnContext(v -> Replies.json(ctx, 200, tally.toJson()
            .put("emailStatus", new JsonArray(List.copyOf(options.emailStatuses()))))),
        error -> context.runOnContext(v -> failed(ctx, error)));
  }

  /** {@code POST /api/jobs?campaign=...}; any other POST /api/jobs goes on to the upload route. */
  void createJob(RoutingContext ctx) {
    List<String> ids = ctx.queryParam("campaign");
    if (ids.isEmpty()) {
      ctx.next();
      return;
    }
    CampaignReader reader = readerOrRefuse(ctx);
    CampaignOptions options = reader == null ? null : options(ctx, ids, ctx.request().getParam("emailStatus"));
    if (options == null) {
      return;
    }
    String length = ctx.request().getHeader("Content-Length");
    if (length != null && !length.trim().equals("0") || ctx.request().getHeader("Transfer-Encoding") != null) {
      Replies.refuseUnread(ctx, 400, "BODY_WITH_CAMPAIGN", "a campaign job takes its leads from lemlist: send no body with "
          + "?campaign=, or upload a list without it");
      return;
    }
    boolean dryRun = "true".equalsIgnoreCase(ctx.request().getParam("dryRun"));
    String name = ctx.request().getParam("name");
    ServerJob job;
    try {
      job = jobs.create(name == null || name.isBlank() ? "campaign " + String.join(", ", options.campaignIds()) : name,
          dryRun, keyName(ctx), Caller.of(ctx).name());
    } catch (IOException e) {
      Replies.error(ctx, 507, "STORAGE_ERROR", "the server cannot store the job: " + e.getMessage());
      return;
    }
    Path part = job.inputFile().resolveSibling("input.part");
    Context context = ctx.vertx().getOrCreateContext();
    reader.queueToFile(options, part).subscribe(
        tallies -> context.runOnContext(v -> start(ctx, job, part, tallies)),
        error -> context.runOnContext(v -> {
          jobs.discard(job);
          failed(ctx, error);
        }));
  }

  private void start(RoutingContext ctx, ServerJob job, Path part, List<CampaignTally> tallies) {
    try {
      // the whole queue is on disk before the first launch: a restart resumes from it, an interrupted export is no job
      Files.move(part, job.inputFile(), StandardCopyOption.ATOMIC_MOVE);
      long bytes = Files.size(job.inputFile());
      Spool spool = Spool.completed(job.inputFile(), bytes);
      job.spooling(spool);
      job.uploadFinished(bytes);
      jobs.start(job, spool);
    } catch (IOException e) {
      LOG.warn("job {}: cannot start from its review queue: {}", job.id(), e.toString());
      jobs.discard(job);
      Replies.error(ctx, 507, "STORAGE_ERROR", "the server cannot store the review queue: " + e.getMessage());
      return;
    }
    JsonArray campaigns = new JsonArray();
    tallies.forEach(tally -> campaigns.add(tally.toJson()));
    jobs.audit().record(AuditLog.CREATED, Caller.of(ctx).name(), job,
        tallies.stream().mapToLong(CampaignTally::selected).sum());
    ctx.response().putHeader("Location", "/api/jobs/" + job.id());
    Replies.json(ctx, 201, job.snapshot().put("campaigns", campaigns));
  }

  private CampaignReader readerOrRefuse(RoutingContext ctx) {
    CampaignReader reader;
    try {
      reader = jobs.campaigns(keyName(ctx));
    } catch (UnknownKeyException e) {
      Replies.error(ctx, 400, "UNKNOWN_KEY", e.getMessage() + "; GET /api/keys lists them");
      return null;
    }
    if (reader == null) {
      Replies.error(ctx, 409, "CAMPAIGNS_NOT_AVAILABLE", "this dashboard follows one command-line run; to launch "
          + "campaigns, run scripts/launch serve");
    }
    return reader;
  }

  private static String keyName(RoutingContext ctx) {
    return ctx.request().getParam("key", Keyring.DEFAULT);
  }

  private static CampaignOptions options(RoutingContext ctx, List<String> ids, String emailStatus) {
    try {
      return CampaignOptions.of(ids, emailStatus);
    } catch (ConfigException e) {
      Replies.error(ctx, 400, "BAD_CAMPAIGN", e.getMessage().replace("--campaign", "campaign")
          .replace("--email-status", "emailStatus"));
      return null;
    }
  }

  private static void failed(RoutingContext ctx, Throwable error) {
    if (error instanceof CampaignException campaign) {
      switch (campaign.reason()) {
        case NOT_FOUND -> Replies.error(ctx, 404, "CAMPAIGN_NOT_FOUND", campaign.getMessage());
        case REFUSED -> Replies.error(ctx, 502, "LEMLIST_REFUSED", campaign.getMessage());
        default -> Replies.error(ctx, 502, "CAMPAIGN_EXPORT_FAILED", campaign.getMessage());
      }
      return;
    }
    LOG.warn("campaign request failed: {}", error.toString());
    Replies.error(ctx, 502, "CAMPAIGN_EXPORT_FAILED", "reading the campaign from lemlist failed: " + error.getMessage());
  }
}
