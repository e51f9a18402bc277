package dev.bulklaunch.input;

/**
 * One input lead line, after parsing and validation. Blank lines, {@code #} comments and a CSV header
 * are not records.
 *
 * @param line    1-based physical line number in the input
 * @param leadId  the extracted, trimmed ID when valid; when invalid, a safe preview of what was there
 *                (at most 80 chars, control characters and invalid UTF-8 replaced), possibly ""
 * @param problem    null when valid, else a short actionable message
 * @param campaignId the lemlist campaign the lead was read from (a JSON line's {@code campaignId}), else null
 */
public record InputRecord(long line, String leadId, String problem, String campaignId) {

  public InputRecord(long line, String leadId, String problem) {
    this(line, leadId, problem, null);
  }

  public static InputRecord valid(long line, String leadId) {
    return new InputRecord(line, leadId, null);
  }

  public InputRecord withCampaignId(String campaignId) {
    return new InputRecord(line, leadId, problem, campaignId);
  }

  public static InputRecord invalid(long line, String preview, String problem) {
    return new InputRecord(line, preview, problem);
  }

  public boolean valid() {
    return problem == null;
  }
}
