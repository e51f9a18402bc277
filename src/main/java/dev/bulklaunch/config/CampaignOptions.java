package dev.bulklaunch.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code --campaign ID} (repeatable; config {@code campaigns}) and {@code --email-status LIST} (config
 * {@code emailStatus}): which campaigns' review queues to launch, and which of their leads.
 *
 * @param emailStatuses lower case; empty = every lead waiting for review, whatever its emailStatus
 */
public record CampaignOptions(List<String> campaignIds, Set<String> emailStatuses) {

  public static final Pattern CAMPAIGN_ID = Pattern.compile("^cam_[A-Za-z0-9]{1,64}$");
  /** lemlist's values, and {@code unknown} for a lead the export gives none. */
  public static final Set<String> EMAIL_STATUSES = Set.of("deliverable", "risky", "undeliverable", "unknown");

  public static final CampaignOptions NONE = new CampaignOptions(List.of(), Set.of());

  public static CampaignOptions from(JsonObject json) {
    return of(ids(json.getValue("campaigns")), json.getValue("emailStatus") == null ? null
        : String.valueOf(json.getValue("emailStatus")));
  }

  /** Validates the IDs and the comma-separated email statuses (null or "all": no filter). */
  public static CampaignOptions of(List<String> ids, String emailStatusList) {
    List<String> campaigns = new ArrayList<>();
    for (String id : ids) {
      String trimmed = id.strip();
      if (!CAMPAIGN_ID.matcher(trimmed).matches()) {
        throw new ConfigException("--campaign: '" + clip(trimmed) + "' is not a campaign ID (cam_ followed by 1-64 "
            + "letters or digits; scripts/launch campaigns lists them)");
      }
      if (!campaigns.contains(trimmed)) {
        campaigns.add(trimmed);
      }
    }
    Set<String> statuses = new LinkedHashSet<>();
    if (emailStatusList != null && !emailStatusList.isBlank() && !emailStatusList.strip().equalsIgnoreCase("all")) {
      for (String status : emailStatusList.split(",")) {
        String value = status.strip().toLowerCase(Locale.ROOT);
        if (!EMAIL_STATUSES.contains(value)) {
          throw new ConfigException("--email-status: '" + clip(value) + "' is not one of deliverable, risky, "
              + "undeliverable, unknown (or all)");
        }
        statuses.add(value);
      }
    }
    if (!statuses.isEmpty() && campaigns.isEmpty()) {
      throw new ConfigException("--email-status filters the leads of --campaign: give --campaign ID as well");
    }
    return new CampaignOptions(List.copyOf(campaigns), Set.copyOf(statuses));
  }

  public boolean any() {
    return !campaignIds.isEmpty();
  }

  /** Whether a lead of this {@code emailStatus} (null when the export has none) passes the filter. */
  public boolean passes(String emailStatus) {
    if (emailStatuses.isEmpty()) {
      return true;
    }
    String value = emailStatus == null || emailStatus.isBlank() ? "unknown" : emailStatus.toLowerCase(Locale.ROOT);
    return emailStatuses.contains(value);
  }

  private static List<String> ids(Object value) {
    List<String> ids = new ArrayList<>();
    if (value instanceof JsonArray array) {
      array.forEach(item -> ids.add(String.valueOf(item)));
    } else if (value != null) {
      for (String id : String.valueOf(value).split(",")) {
        if (!id.isBlank()) {
          ids.add(id);
        }
      }
    }
    return ids;
  }

  private static String clip(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }
}
