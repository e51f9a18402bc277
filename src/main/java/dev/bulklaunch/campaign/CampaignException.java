package dev.bulklaunch.campaign;

/** Why a campaign could not be read; the message names the campaign and is safe to print. */
public final class CampaignException extends RuntimeException {

  public enum Reason {
    /** lemlist does not know the campaign (404): a usage error, nothing was sent. */
    NOT_FOUND,
    /** lemlist refused the key or the route (401, 403, 405): nothing else can work either. */
    REFUSED,
    /** other answers, or the export broke off after the retries. */
    FAILED
  }

  private final Reason reason;

  CampaignException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
