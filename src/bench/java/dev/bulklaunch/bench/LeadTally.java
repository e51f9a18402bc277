package dev.bulklaunch.bench;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Counts the launcher's result lines per leadId, to prove each lead fed in came out exactly once. */
final class LeadTally {

  private final Map<String, Integer> linesPerLead = new HashMap<>();
  private int lines;
  private int unreadable;
  private int launched;

  void line(String line) {
    lines++;
    try {
      JsonObject result = new JsonObject(line);
      String leadId = result.getString("leadId");
      linesPerLead.merge(leadId == null ? "" : leadId, 1, Integer::sum);
      if ("launched".equals(result.getString("status"))) {
        launched++;
      }
    } catch (DecodeException | ClassCastException e) {
      unreadable++;
    }
  }

  Measurement.LeadCheck against(Set<String> fed) {
    int missing = 0;
    for (String leadId : fed) {
      if (!linesPerLead.containsKey(leadId)) {
        missing++;
      }
    }
    int duplicated = 0;
    int unexpected = unreadable;
    for (Map.Entry<String, Integer> entry : linesPerLead.entrySet()) {
      if (entry.getValue() > 1) {
        duplicated++;
      }
      if (!fed.contains(entry.getKey())) {
        unexpected++;
      }
    }
    return new Measurement.LeadCheck(fed.size(), lines, missing, duplicated, unexpected, launched);
  }
}
