package dev.bulklaunch.cluster;

import dev.bulklaunch.pacing.AnswerReport;
import dev.bulklaunch.pacing.Permit;
import dev.bulklaunch.ratelimit.RateLimitHeaders;
import io.vertx.core.json.JsonObject;

/**
 * What members and a key's owner say to each other over the clustered bus, as plain JSON: permits and answers'
 * rate-limit facts. Never the key, never a lead.
 */
final class PermitMessages {

  static final String ACQUIRE = "acquire";
  static final String REPORT = "report";
  static final String ABANDON = "abandon";
  static final String CANCEL = "cancel";
  static final String WRITTEN = "written";
  /** The owner has not granted within its wait: ask again (a request must not wait on one owner forever). */
  static final int NOT_YET = 1;
  /** This member does not own the key (any more): find the owner again. */
  static final int NOT_OWNER = 2;

  private PermitMessages() {
  }

  static String address(String keyName) {
    return "bulklaunch.key." + keyName;
  }

  static JsonObject acquire(String member, String lane, long request) {
    return new JsonObject().put("op", ACQUIRE).put("member", member).put("lane", lane).put("request", request);
  }

  static JsonObject cancel(String member, String lane, long request) {
    return new JsonObject().put("op", CANCEL).put("member", member).put("lane", lane).put("request", request);
  }

  static JsonObject report(String member, Permit permit, AnswerReport answer) {
    RateLimitHeaders limits = answer.limits();
    return new JsonObject().put("op", REPORT).put("member", member).put("permit", permit(permit))
        .put("http", answer.http()).put("latencyMs", answer.latencyMs()).put("read", answer.read())
        .put("writtenAfterMs", answer.writtenAfterMs())
        .put("limit", limits.limit()).put("remaining", limits.remaining()).put("resetInMs", limits.resetInMs())
        .put("retryAfterMs", limits.retryAfterMs()).put("retryAfterToTheMs", limits.retryAfterToTheMs())
        .put("resetResolutionMs", limits.resetResolutionMs());
  }

  static JsonObject written(String member, Permit permit, long afterMs) {
    return new JsonObject().put("op", WRITTEN).put("member", member).put("permit", permit(permit)).put("afterMs", afterMs);
  }

  static JsonObject abandon(String member, Permit permit) {
    return new JsonObject().put("op", ABANDON).put("member", member).put("permit", permit(permit));
  }

  static JsonObject permit(Permit permit) {
    return new JsonObject().put("seq", permit.seq()).put("grantedAtMs", permit.grantedAtMs());
  }

  static Permit permit(JsonObject json) {
    return new Permit(json.getLong("seq"), json.getLong("grantedAtMs"));
  }

  static AnswerReport answer(JsonObject json) {
    RateLimitHeaders limits = new RateLimitHeaders(json.getInteger("limit"), json.getInteger("remaining"),
        json.getLong("resetInMs"), json.getLong("retryAfterMs"), json.getBoolean("retryAfterToTheMs", false),
        json.getLong("resetResolutionMs", 1L));
    return new AnswerReport(json.getInteger("http"), limits, json.getLong("latencyMs"), json.getBoolean("read"),
        json.getLong("writtenAfterMs", 0L));
  }
}
