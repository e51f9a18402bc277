package dev.bulklaunch.simulator;

/** What the launch route answers for a lead, before duplicate-launch bookkeeping. */
record Outcome(Kind kind, int status, String code, String message) {

  enum Kind { LAUNCH, REFUSE, FLAKY }

  static final Outcome LAUNCH = new Outcome(Kind.LAUNCH, 200, null, null);
  static final Outcome ALREADY_LAUNCHED =
    refuse(400, "CAMPAIGN_LEAD_REVIEW_LEAD_ALREADY_LAUNCHED", "Lead is already launched");
  static final Outcome FLAKY = new Outcome(Kind.FLAKY, 503, "SERVICE_UNAVAILABLE", "Service temporarily unavailable");

  static Outcome refuse(int status, String code, String message) {
    return new Outcome(Kind.REFUSE, status, code, message);
  }
}
