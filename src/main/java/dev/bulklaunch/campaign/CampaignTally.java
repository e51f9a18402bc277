package dev.bulklaunch.campaign;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What one campaign's export held: its leads, those waiting for review (by emailStatus), those selected. */
public final class CampaignTally {

  private final String campaignId;
  private long leads;
  private long waiting;
  private long selected;
  private final Map<String, Long> waitingByEmailStatus = new TreeMap<>();

  CampaignTally(String campaignId) {
    this.campaignId = campaignId;
  }

  void counted(ExportedLead lead, boolean isSelected) {
    leads++;
    if (lead.waitingForReview()) {
      waiting++;
      String emailStatus = lead.emailStatus() == null ? "unknown" : lead.emailStatus().toLowerCase(Locale.ROOT);
      waitingByEmailStatus.merge(emailStatus, 1L, Long::sum);
    }
    if (isSelected) {
      selected++;
    }
  }

  public String campaignId() {
    return campaignId;
  }

  public long leads() {
    return leads;
  }

  public long waiting() {
    return waiting;
  }

  public long selected() {
    return selected;
  }

  /** {@code campaign cam_X: 4,210 leads, 1,032 waiting for review, 980 selected} */
  public String summaryLine() {
    return String.format(Locale.ROOT, "campaign %s: %,d leads, %,d waiting for review, %,d selected", campaignId, leads,
        waiting, selected);
  }

  public JsonObject toJson() {
    return new JsonObject().put("campaignId", campaignId).put("leads", leads).put("waitingForReview", waiting)
        .put("selected", selected).put("waitingByEmailStatus", new JsonObject(new TreeMap<String, Object>(waitingByEmailStatus)));
  }
}
