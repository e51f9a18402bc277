package dev.bulklaunch.bench.cluster;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Whether every lead fed to a member came back on exactly one result line: how many are missing or repeated. */
public record LeadLines(int fed, int missing, int repeated, int foreign) {

  public static LeadLines of(List<String> fed, List<String> lines) {
    Map<String, Integer> perLead = new HashMap<>();
    for (String line : lines) {
      try {
        perLead.merge(String.valueOf(new JsonObject(line).getString("leadId")), 1, Integer::sum);
      } catch (DecodeException | ClassCastException e) {
        perLead.merge("", 1, Integer::sum);
      }
    }
    int missing = (int) fed.stream().filter(lead -> !perLead.containsKey(lead)).count();
    int repeated = (int) perLead.values().stream().filter(n -> n > 1).count();
    java.util.Set<String> fedSet = new java.util.HashSet<>(fed);
    int foreign = (int) perLead.keySet().stream().filter(lead -> !fedSet.contains(lead)).count();
    return new LeadLines(fed.size(), missing, repeated, foreign);
  }

  public boolean exact() {
    return missing == 0 && repeated == 0 && foreign == 0;
  }

  @Override
  public String toString() {
    return exact() ? fed + " leads, one line each"
        : fed + " leads: " + missing + " without a line, " + repeated + " on several, " + foreign + " unexpected";
  }
}
