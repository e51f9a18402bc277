package dev.bulklaunch.lemlist;

/** The codes lemlist documents for Launch Lead, and the ones this tool adds for what lemlist does not name. */
public final class ErrorCodes {

  /** Every code lemlist documents for Launch Lead starts so. */
  public static final String LAUNCH_PREFIX = "CAMPAIGN_LEAD_REVIEW_";
  public static final String LEAD_PAUSED = "CAMPAIGN_LEAD_REVIEW_LEAD_PAUSED";
  public static final String ALREADY_LAUNCHED = "CAMPAIGN_LEAD_REVIEW_LEAD_ALREADY_LAUNCHED";
  public static final String AI_VARIABLE_INVALID = "CAMPAIGN_LEAD_REVIEW_LEAD_AI_VARIABLE_INVALID";
  public static final String NO_SENDER_AVAILABLE = "CAMPAIGN_LEAD_REVIEW_LEAD_NO_SENDER_AVAILABLE";
  public static final String CAMPAIGN_STEP_ERRORS = "CAMPAIGN_LEAD_REVIEW_CAMPAIGN_STEP_ERRORS";
  public static final String LEAD_NOT_FOUND = "CAMPAIGN_LEAD_REVIEW_LEAD_NOT_FOUND";
  public static final String CAMPAIGN_NOT_FOUND = "CAMPAIGN_LEAD_REVIEW_CAMPAIGN_NOT_FOUND";

  public static final String TIMEOUT = "TIMEOUT";
  public static final String NETWORK_ERROR = "NETWORK_ERROR";
  public static final String INVALID_LEAD_ID = "INVALID_LEAD_ID";
  public static final String DUPLICATE = "DUPLICATE";
  public static final String RESUMED = "RESUMED";
  public static final String ABORTED = "ABORTED";
  public static final String TOO_MANY_429 = "TOO_MANY_429";
  /** A 2xx on the launch route whose body is not lemlist's: something between us and lemlist answered. */
  public static final String UNEXPECTED_ANSWER = "UNEXPECTED_ANSWER";

  private ErrorCodes() {
  }

  public static String http(int status) {
    return "HTTP_" + status;
  }
}
