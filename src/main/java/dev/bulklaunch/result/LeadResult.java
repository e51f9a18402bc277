package dev.bulklaunch.result;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * What became of one input lead: the one line of output it gets.
 *
 * @param http      the last HTTP status seen, 0 when none
 * @param attempts  requests sent for this lead
 * @param line      the input line it came from, 0 when unknown
 * @param campaignId the lemlist campaign the lead came from ({@code --campaign}), null otherwise
 */
public record LeadResult(String leadId, Status status, String code, int http, String message, int attempts,
                         long latencyMs, Instant at, long line, String campaignId) {

  public LeadResult(String leadId, Status status, String code, int http, String message, int attempts,
                    long latencyMs, Instant at, long line) {
    this(leadId, status, code, http, message, attempts, latencyMs, at, line, null);
  }

  public LeadResult withCampaignId(String campaign) {
    return campaign == null ? this
        : new LeadResult(leadId, status, code, http, message, attempts, latencyMs, at, line, campaign);
  }

  public boolean isFinal() {
    return status != Status.FAILED || FinalCodes.isFinal(code);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("leadId", leadId);
    if (campaignId != null) {
      json.put("campaignId", campaignId);
    }
    json.put("status", status.json());
    if (code != null) {
      json.put("code", code);
    }
    if (http != 0) {
      json.put("http", http);
    }
    if (message != null) {
      json.put("message", message);
    }
    json.put("attempts", attempts);
    if (attempts > 0) {
      json.put("latencyMs", latencyMs);
    }
    json.put("at", at.toString());
    if (line > 0) {
      json.put("line", line);
    }
    return json;
  }

  public static LeadResult fromJson(JsonObject json) {
    return new LeadResult(
        json.getString("leadId"),
        Status.fromJson(json.getString("status")),
        json.getString("code"),
        json.getInteger("http", 0),
        json.getString("message"),
        json.getInteger("attempts", 0),
        json.getLong("latencyMs", 0L),
        Instant.parse(json.getString("at")),
        json.getLong("line", 0L),
        json.getString("campaignId"));
  }
}
