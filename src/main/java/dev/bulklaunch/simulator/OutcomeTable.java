package dev.bulklaunch.simulator;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chooses a lead's outcome from its ID alone, so a test can ask for any lemlist answer by naming
 * the lead: a marker in the ID wins; otherwise an optional mix assigns codes by a stable hash.
 */
final class OutcomeTable {

  private static final Map<String, Outcome> MARKERS = new LinkedHashMap<>();
  private static final Map<String, Outcome> BY_CODE = new LinkedHashMap<>();

  static {
    marker("paused", Outcome.refuse(400, "CAMPAIGN_LEAD_REVIEW_LEAD_PAUSED", "Lead is paused"));
    marker("done", Outcome.ALREADY_LAUNCHED);
    marker("aivar", Outcome.refuse(400, "CAMPAIGN_LEAD_REVIEW_LEAD_AI_VARIABLE_INVALID",
      "Missing or invalid AI variables required by the campaign"));
    marker("nosender", Outcome.refuse(400, "CAMPAIGN_LEAD_REVIEW_LEAD_NO_SENDER_AVAILABLE", "No sender available"));
    marker("steperr", Outcome.refuse(400, "CAMPAIGN_LEAD_REVIEW_CAMPAIGN_STEP_ERRORS", "Campaign has step errors"));
    marker("notfound", Outcome.refuse(404, "CAMPAIGN_LEAD_REVIEW_LEAD_NOT_FOUND", "Lead not found"));
    marker("nocamp", Outcome.refuse(404, "CAMPAIGN_LEAD_REVIEW_CAMPAIGN_NOT_FOUND", "Campaign not found"));
    marker("boom", Outcome.refuse(500, "INTERNAL_SERVER_ERROR", "Internal server error"));
    marker("flaky", Outcome.FLAKY);
    marker("teapot", Outcome.refuse(418, "SOMETHING_NEW", "An error code this client has never seen"));
    marker("portal", Outcome.PORTAL);
    marker("gw504", Outcome.LAUNCH_THEN_504);
    marker("plan", Outcome.refuse(403, "PLAN_NOT_ALLOWED", "This endpoint requires an emailPro plan or higher"));
  }

  private final TreeMap<String, Double> mix = new TreeMap<>();

  OutcomeTable(JsonObject outcomeMix) {
    double total = 0;
    for (String code : outcomeMix.fieldNames()) {
      double fraction = ((Number) outcomeMix.getValue(code)).doubleValue();
      if (fraction < 0) {
        throw new IllegalArgumentException("outcomeMix fraction for " + code + " is negative");
      }
      mix.put(code, fraction);
      total += fraction;
    }
    if (total > 1.0 + 1e-9) {
      throw new IllegalArgumentException("outcomeMix fractions add up to more than 1");
    }
  }

  Outcome outcomeFor(String leadId) {
    String lower = leadId.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, Outcome> marker : MARKERS.entrySet()) {
      if (lower.contains(marker.getKey())) {
        return marker.getValue();
      }
    }
    if (!mix.isEmpty()) {
      double point = stableFraction(leadId);
      double cumulative = 0;
      for (Map.Entry<String, Double> entry : mix.entrySet()) {
        cumulative += entry.getValue();
        if (point < cumulative) {
          return BY_CODE.getOrDefault(entry.getKey(), Outcome.refuse(400, entry.getKey(), entry.getKey()));
        }
      }
    }
    return Outcome.LAUNCH;
  }

  /** FNV-1a over the ID's UTF-8 bytes, mapped to [0, 1): the same ID lands on the same code in every run. */
  static double stableFraction(String leadId) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : leadId.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    hash ^= hash >>> 33;
    hash *= 0xff51afd7ed558ccdL;
    hash ^= hash >>> 33;
    return (hash >>> 11) * 0x1.0p-53;
  }

  private static void marker(String marker, Outcome outcome) {
    MARKERS.put(marker, outcome);
    if (outcome.code() != null) {
      BY_CODE.put(outcome.code(), outcome);
    }
  }
}
