package dev.bulklaunch.simulator;

/** What the launch route answers for a lead, before duplicate-launch bookkeeping. */
record Outcome(Kind kind, int status, String code, String message) {

  /** PORTAL: a captive portal's page with 200, the lead untouched; LAUNCH_THEN_504: launched, then a gateway's 504. */
  enum Kind { LAUNCH, REFUSE, FLAKY, PORTAL, LAUNCH_THEN_504 }

  static final Outcome LAUNCH = new Outcome(Kind.LAUNCH, 200, null, null);
  static final Outcome ALREADY_LAUNCHED =
    refuse(400, "CAMPAIGN_LEAD_REVIEW_LEAD_ALREADY_LAUNCHED", "Lead is already launched");
  static final Outcome FLAKY = new Outcome(Kind.FLAKY, 503, "SERVICE_UNAVAILABLE", "Service temporarily unavailable");

  static final Outcome PORTAL = new Outcome(Kind.PORTAL, 200, null, null);
  static final Outcome LAUNCH_THEN_504 = new Outcome(Kind.LAUNCH_THEN_504, 504, null, null);

  static Outcome refuse(int status, String code, String message) {
    return new Outcome(Kind.REFUSE, status, code, message);
  }
}
