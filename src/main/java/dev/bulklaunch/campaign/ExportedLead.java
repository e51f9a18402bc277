package dev.bulklaunch.campaign;

import io.vertx.core.json.JsonObject;

/** What is kept of one lead of a campaign export: its ID and statuses, never its personal fields. */
record ExportedLead(String id, String status, String emailStatus) {

  static final String WAITING_FOR_REVIEW = "review";

  static ExportedLead from(JsonObject row) {
    return new ExportedLead(text(row.getValue("_id")), text(row.getValue("status")), text(row.getValue("emailStatus")));
  }

  boolean waitingForReview() {
    return WAITING_FOR_REVIEW.equals(status) && id != null;
  }

  private static String text(Object value) {
    return value instanceof String s && !s.isBlank() ? s.strip() : null;
  }
}
