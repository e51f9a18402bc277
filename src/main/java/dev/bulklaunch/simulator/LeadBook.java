package dev.bulklaunch.simulator;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/** What the simulator remembers per lead: how often it was asked for, and whether it is launched. */
final class LeadBook {

  static final class Lead {
    int attempts;
    int handled;
    int launchAttempts;
    boolean launched;
  }

  private final Map<String, Lead> leads = new HashMap<>();

  Lead arrive(String leadId) {
    Lead lead = leads.computeIfAbsent(leadId, id -> new Lead());
    lead.attempts++;
    return lead;
  }

  boolean isLaunched(String leadId) {
    Lead lead = leads.get(leadId);
    return lead != null && lead.launched;
  }

  JsonObject describe(String leadId) {
    Lead lead = leads.getOrDefault(leadId, new Lead());
    return new JsonObject()
      .put("leadId", leadId)
      .put("attempts", lead.attempts)
      .put("launched", lead.launched)
      .put("launchAttempts", lead.launchAttempts);
  }

  void clear() {
    leads.clear();
  }
}
