package dev.bulklaunch.simulator;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulator's generated campaigns. A few named ones always exist (the README's demo uses {@code cam_demo}); any
 * {@code cam_leadsN...} is a campaign of N leads, made up when asked for. A lead's ID, status, emailStatus and fake
 * personal fields follow from the campaign and its index alone, so an export can be streamed without holding it.
 * A marker in the campaign ID chooses a fault of its first export: {@code Busy} 429, {@code Shaky} 503, and
 * {@code Csv} answers CSV whatever {@code format} says.
 */
final class SimCampaigns {

  static final String DEMO = "cam_demo";
  private static final Pattern SIZED = Pattern.compile("^cam_leads(\\d{1,7})[A-Za-z0-9]*$");
  private static final String[] OTHER_STATUSES = {"scanning", "running", "paused", "done", "interested",
      "notInterested", "unsubscribed"};
  private static final String[] FIRST = {"Ada", "Alan", "Grace", "Linus", "Edsger", "Barbara", "Ken", "Margaret"};
  private static final String[] LAST = {"Lovelace", "Turing", "Hopper", "Torvalds", "Dijkstra", "Liskov", "Thompson"};

  record Campaign(String id, String name, String status, int leads, double reviewShare) {

    JsonObject summary() {
      return new JsonObject().put("_id", id).put("name", name).put("status", status)
          .put("createdAt", "2026-01-01T00:00:00.000Z").put("hasError", false);
    }

    String leadId(int index) {
      return "lea_" + prefix() + String.format(Locale.ROOT, "%07d", index);
    }

    // hex only: no letters that could spell one of OutcomeTable's markers (done, boom, plan, ...)
    private String prefix() {
      return String.format(Locale.ROOT, "%08x", id.hashCode());
    }
  }

  private final List<Campaign> listed = new ArrayList<>();

  SimCampaigns(int extra) {
    listed.add(new Campaign(DEMO, "Demo: spring outreach", "running", 400, 0.75));
    listed.add(new Campaign("cam_webinar", "Webinar follow-up", "running", 2_000, 0.3));
    listed.add(new Campaign("cam_partners", "Partners", "paused", 120, 0.5));
    listed.add(new Campaign("cam_newsletter", "Old newsletter", "archived", 80, 0));
    for (int i = 1; i <= extra; i++) {
      listed.add(new Campaign(String.format(Locale.ROOT, "cam_seq%04d", i), "Sequence " + i, i % 3 == 0 ? "draft" : "ended",
          20, 0.2));
    }
  }

  List<Campaign> listed() {
    return listed;
  }

  Optional<Campaign> find(String id) {
    for (Campaign campaign : listed) {
      if (campaign.id().equals(id)) {
        return Optional.of(campaign);
      }
    }
    Matcher sized = SIZED.matcher(id);
    return sized.matches() ? Optional.of(new Campaign(id, "Generated " + sized.group(1), "running",
        Integer.parseInt(sized.group(1)), 0.25)) : Optional.empty();
  }

  static boolean marked(String campaignId, String marker) {
    return campaignId.toLowerCase(Locale.ROOT).contains(marker);
  }

  /** Lead {@code index} of {@code campaign} as the export shows it; a lead launched since has left review. */
  static JsonObject lead(Campaign campaign, int index, boolean launched) {
    String id = campaign.leadId(index);
    String status = OutcomeTable.stableFraction(id + "#status") < campaign.reviewShare() ? "review"
        : OTHER_STATUSES[(int) (OutcomeTable.stableFraction(id + "#other") * OTHER_STATUSES.length)];
    if (launched && status.equals("review")) {
      status = "running";
    }
    String first = FIRST[index % FIRST.length];
    String last = LAST[index % LAST.length];
    JsonObject lead = new JsonObject().put("_id", id).put("status", status)
        .put("lastState", status.equals("review") ? "scanned" : "emailsSent");
    String emailStatus = emailStatus(id);
    if (emailStatus != null) {
      lead.put("emailStatus", emailStatus);
    }
    // fake personal data, marked so tests can prove none of it is ever written anywhere
    return lead.put("email", first.toLowerCase(Locale.ROOT) + "." + last.toLowerCase(Locale.ROOT) + index + "@pii-sim.example")
        .put("firstName", first).put("lastName", "Pii-" + last)
        .put("phone", String.format(Locale.ROOT, "+1555%07d", index))
        .put("companyName", "PiiCorp " + index);
  }

  private static String emailStatus(String leadId) {
    double point = OutcomeTable.stableFraction(leadId + "#email");
    if (point < 0.6) {
      return "deliverable";
    }
    if (point < 0.85) {
      return "risky";
    }
    return point < 0.95 ? "undeliverable" : null;
  }
}
