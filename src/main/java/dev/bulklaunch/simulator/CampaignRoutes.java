package dev.bulklaunch.simulator;

import dev.bulklaunch.simulator.SimCampaigns.Campaign;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * lemlist's two read routes on the simulator: {@code GET /api/campaigns} (offset/limit pages of at most 100; an
 * object with {@code campaigns} and {@code pagination} for {@code version=v2}, a bare array otherwise) and
 * {@code GET /api/campaigns/:id/export/leads} (streamed in batches as the client reads; JSON for
 * {@code format=json}, else CSV; empty without {@code state}, as integrators report of lemlist). Both spend the key's
 * budget like a launch.
 */
final class CampaignRoutes {

  private static final int BATCH = 256;
  private static final String CSV_HEADER = "_id,status,lastState,emailStatus,email,firstName,lastName,phone,companyName\n";

  private final SimClock clock;
  private final LaunchDesk desk;
  private final ApiKeyAuth auth;
  private final SimCampaigns campaigns;
  private final Set<String> faultsServed = new HashSet<>();

  CampaignRoutes(SimClock clock, LaunchDesk desk, ApiKeyAuth auth, SimCampaigns campaigns) {
    this.clock = clock;
    this.desk = desk;
    this.auth = auth;
    this.campaigns = campaigns;
  }

  void mount(Router router) {
    router.get("/api/campaigns").handler(this::list);
    router.get("/api/campaigns/:campaignId/export/leads").handler(this::export);
  }

  private void list(RoutingContext ctx) {
    Reply admitted = admit(ctx);
    if (admitted == null) {
      return;
    }
    int limit = Math.max(1, Math.min(100, intParam(ctx, "limit", 100)));
    int page = intParam(ctx, "page", 0);
    int offset = Math.max(0, ctx.request().getParam("offset") == null && page > 0 ? (page - 1) * limit
        : intParam(ctx, "offset", 0));
    List<Campaign> all = campaigns.listed();
    JsonArray items = new JsonArray();
    all.stream().skip(offset).limit(limit).forEach(c -> items.add(c.summary()));
    Object body = "v2".equals(ctx.request().getParam("version"))
        ? new JsonObject().put("campaigns", items).put("pagination", new JsonObject().put("totalRecords", all.size())
            .put("limit", limit).put("currentPage", offset / limit + 1).put("totalPage", (all.size() + limit - 1) / limit))
        : items;
    HttpServerResponse response = headers(ctx, admitted).putHeader("Content-Type", "application/json");
    response.setStatusCode(200).end(body instanceof JsonObject o ? o.encode() : ((JsonArray) body).encode());
  }

  private void export(RoutingContext ctx) {
    String campaignId = ctx.pathParam("campaignId");
    Reply admitted = admit(ctx);
    if (admitted == null) {
      return;
    }
    Campaign campaign = campaigns.find(campaignId).orElse(null);
    if (campaign == null) {
      headers(ctx, admitted).setStatusCode(404).putHeader("Content-Type", "text/plain").end("Campaign not found");
      return;
    }
    Reply fault = firstExportFault(ctx, campaignId, admitted);
    if (fault != null) {
      headers(ctx, fault).setStatusCode(fault.status()).putHeader("Content-Type", "application/json")
          .end(fault.body().encode());
      return;
    }
    boolean json = "json".equals(ctx.request().getParam("format")) && !SimCampaigns.marked(campaignId, "csv");
    int leads = ctx.request().getParam("state") == null ? 0 : campaign.leads();
    HttpServerResponse response = headers(ctx, admitted).setStatusCode(200).setChunked(true)
        .putHeader("Content-Type", json ? "application/json" : "text/csv");
    response.write(json ? "[" : CSV_HEADER);
    desk.exported(leads);
    streamFrom(response, campaign, 0, leads, json);
  }

  /** Writes the leads from {@code from} on in batches, waiting for the client whenever its queue is full. */
  private void streamFrom(HttpServerResponse response, Campaign campaign, int from, int leads, boolean json) {
    int index = from;
    while (index < leads) {
      if (response.closed()) {
        return;
      }
      if (response.writeQueueFull()) {
        int resumeAt = index;
        response.drainHandler(v -> streamFrom(response, campaign, resumeAt, leads, json));
        return;
      }
      StringBuilder batch = new StringBuilder(BATCH * 200);
      for (int end = Math.min(leads, index + BATCH); index < end; index++) {
        JsonObject lead = SimCampaigns.lead(campaign, index, desk.isLaunched(campaign.leadId(index)));
        if (json) {
          batch.append(index == 0 ? "" : ",").append(lead.encode());
        } else {
          batch.append(csvLine(lead));
        }
      }
      response.write(Buffer.buffer(batch.toString()));
    }
    response.end(json ? "]" : "");
  }

  private Reply firstExportFault(RoutingContext ctx, String campaignId, Reply admitted) {
    boolean busy = SimCampaigns.marked(campaignId, "busy");
    boolean shaky = SimCampaigns.marked(campaignId, "shaky");
    synchronized (faultsServed) {
      if (!busy && !shaky || !faultsServed.add(campaignId)) {
        return null;
      }
    }
    return desk.faultForRead(auth.keyFrom(ctx.request().getHeader("Authorization")), clock.sinceStartMs(),
        busy ? 429 : 503, 1_000, new java.util.LinkedHashMap<>(admitted.headers()));
  }

  /** Authenticates and spends the key's budget; null when the answer (401 or 429) was already sent. */
  private Reply admit(RoutingContext ctx) {
    String key = auth.keyFrom(ctx.request().getHeader("Authorization"));
    if (key == null) {
      desk.unauthorized();
      ctx.response().setStatusCode(401).putHeader("Content-Type", "text/plain").end("Unauthorized");
      return null;
    }
    Reply reply = desk.admitRead(key, clock.sinceStartMs(), clock.serverMs());
    if (reply.status() == 429) {
      headers(ctx, reply).setStatusCode(429).putHeader("Content-Type", "application/json").end(reply.body().encode());
      return null;
    }
    return reply;
  }

  private HttpServerResponse headers(RoutingContext ctx, Reply reply) {
    HttpServerResponse response = ctx.response();
    reply.headers().forEach(response::putHeader);
    return response.putHeader("Date", JsDateFormat.rfc1123(clock.serverMs()));
  }

  void reset() {
    synchronized (faultsServed) {
      faultsServed.clear();
    }
  }

  private static String csvLine(JsonObject lead) {
    StringBuilder line = new StringBuilder();
    for (String field : List.of("_id", "status", "lastState", "emailStatus", "email", "firstName", "lastName", "phone",
        "companyName")) {
      if (line.length() > 0) {
        line.append(',');
      }
      String value = lead.getString(field, "");
      line.append(value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value);
    }
    return line.append('\n').toString();
  }

  private static int intParam(RoutingContext ctx, String name, int fallback) {
    try {
      String value = ctx.request().getParam(name);
      return value == null ? fallback : Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
