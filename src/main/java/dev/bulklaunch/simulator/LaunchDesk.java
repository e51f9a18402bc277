package dev.bulklaunch.simulator;

import dev.bulklaunch.config.RateSpec;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The simulator's brain, free of I/O: takes an authenticated arrival with its times and decides the
 * reply. {@code atMs} is monotonic time since start (for stats), {@code serverMs} the server's wall
 * clock (for rate windows and headers). Synchronized so stats can be read from any thread.
 */
final class LaunchDesk {

  private final SimulatorOptions options;
  private final RateWindow window;
  private final OutcomeTable outcomes;
  private final LeadBook leads = new LeadBook();
  private final LatencyModel latency;
  private final FaultInjector faults;
  private final SimStats stats;
  private final ResetFormat resetFormat;
  private final Set<String> keysSeen = new HashSet<>();
  private final Consumer<String> onNewKey;

  private static final String PORTAL_PAGE =
    "<!DOCTYPE html><html><head><title>Wi-Fi login</title></head><body><form>Accept the terms</form></body></html>";
  private static final String GATEWAY_TIMEOUT_PAGE =
    "<html><head><title>504 Gateway Time-out</title></head><body><h1>504 Gateway Time-out</h1></body></html>";

  LaunchDesk(SimulatorOptions options, Consumer<String> onNewKey) {
    RateSpec rate = options.rate();
    this.options = options;
    this.window = RateWindow.of(options.mode(), rate.limit(), rate.windowMillis());
    this.outcomes = new OutcomeTable(options.outcomeMix());
    this.latency = LatencyModel.fromJson(options.latency(), options.seed());
    this.faults = new FaultInjector(options);
    this.stats = new SimStats(rate.limit(), rate.windowMillis(), options.mode());
    this.resetFormat = ResetFormat.of(options.resetFormat(), options.timeZone());
    this.onNewKey = onNewKey;
  }

  synchronized void unauthorized() {
    stats.unauthorized();
  }

  synchronized Reply launch(String key, String leadId, long atMs, long serverMs) {
    LeadBook.Lead lead = leads.arrive(leadId);
    Admission admission = admit(key, atMs, serverMs);
    if (admission.refused() != null) {
      return admission.refused();
    }
    Map<String, String> headers = admission.headers();
    if (options.retryAfterOnEveryResponse()) {
      headers.put("Retry-After", seconds(admission.rate().retryAfterMs()));
    }
    switch (faults.next()) {
      case SPURIOUS_429 -> {
        long retryAfterMs = Math.round(options.spuriousRetryAfterSec() * 1000);
        stats.rateLimited(key, atMs, retryAfterMs, true);
        return tooManyRequests(headers, retryAfterMs);
      }
      case ERROR -> {
        int status = faults.errorStatus();
        stats.injectedError(status);
        return new Reply(false, status, Reply.error("SIMULATED_" + status, "Simulated server error"), headers, latency.nextMs());
      }
      case DROP -> {
        stats.dropped();
        return Reply.drop(latency.nextMs());
      }
      case STALL -> {
        stats.stalled();
        return answer(leadId, lead, headers, options.stallMs());
      }
      default -> {
        return answer(leadId, lead, headers, latency.nextMs());
      }
    }
  }

  /**
   * A read request (campaign list or export) under the same per-key limit as launches: a 429 reply, or an accepted
   * one (status 200, no body) carrying the rate headers the answer must send.
   */
  synchronized Reply admitRead(String key, long atMs, long serverMs) {
    Admission admission = admit(key, atMs, serverMs);
    return admission.refused() != null ? admission.refused() : new Reply(false, 200, null, admission.headers(), 0);
  }

  /** A request's arrival under the key's limit: counted, and either refused (a 429 reply) or let in with its headers. */
  private record Admission(RateDecision rate, Map<String, String> headers, Reply refused) {
  }

  private Admission admit(String key, long atMs, long serverMs) {
    if (keysSeen.add(key)) {
      onNewKey.accept(key);
    }
    stats.clientArrival(key, atMs);
    RateDecision rate = window.tryAcquire(key, serverMs);
    Map<String, String> headers = rateHeaders(rate, serverMs);
    if (!rate.accepted()) {
      stats.rateLimited(key, atMs, rate.retryAfterMs(), false);
      return new Admission(rate, headers, tooManyRequests(headers, rate.retryAfterMs()));
    }
    stats.accepted();
    return new Admission(rate, headers, null);
  }

  /** A read the simulator refuses on purpose (a campaign's fault marker), counted like any answer. */
  synchronized Reply faultForRead(String key, long atMs, int status, long retryAfterMs, Map<String, String> headers) {
    if (status == 429) {
      stats.rateLimited(key, atMs, retryAfterMs, true);
      return tooManyRequests(headers, retryAfterMs);
    }
    stats.injectedError(status);
    return new Reply(false, status, Reply.error("SIMULATED_" + status, "Simulated server error"), headers, 0);
  }

  synchronized boolean isLaunched(String leadId) {
    return leads.isLaunched(leadId);
  }

  synchronized void exported(long leads) {
    stats.exported(leads);
  }

  synchronized void backgroundSpend(String key, long atMs, long serverMs) {
    stats.backgroundArrival(key, atMs, window.tryAcquire(key, serverMs).accepted());
  }

  synchronized void redirected() {
    stats.redirected();
  }

  synchronized void outageStarted() {
    stats.outageStarted();
  }

  synchronized void outageRejected() {
    stats.outageRejected();
  }

  synchronized JsonObject stats() {
    return stats.toJson();
  }

  synchronized JsonObject arrivals() {
    return stats.arrivals();
  }

  synchronized JsonObject lead(String leadId) {
    return leads.describe(leadId);
  }

  synchronized void reset() {
    window.reset();
    leads.clear();
    stats.clear();
    keysSeen.clear();
  }

  private Reply answer(String leadId, LeadBook.Lead lead, Map<String, String> headers, long delayMs) {
    lead.handled++;
    Outcome outcome = outcomes.outcomeFor(leadId);
    if (outcome.kind() == Outcome.Kind.FLAKY && lead.handled == 1) {
      return refuse(outcome, headers, delayMs);
    }
    if (outcome.kind() == Outcome.Kind.REFUSE) {
      return refuse(outcome, headers, delayMs);
    }
    if (outcome.kind() == Outcome.Kind.PORTAL) {
      stats.answered(200, "PORTAL_PAGE");
      return Reply.html(200, PORTAL_PAGE, delayMs);
    }
    lead.launchAttempts++;
    if (lead.launched) {
      stats.duplicateLaunch();
      return refuse(Outcome.ALREADY_LAUNCHED, headers, delayMs);
    }
    lead.launched = true;
    stats.launched();
    if (outcome.kind() == Outcome.Kind.LAUNCH_THEN_504) {
      stats.answered(504, "GATEWAY_TIMEOUT");
      return Reply.html(504, GATEWAY_TIMEOUT_PAGE, delayMs);
    }
    stats.answered(200, null);
    return new Reply(false, 200, new JsonObject().put("ok", true), headers, delayMs);
  }

  private Reply refuse(Outcome outcome, Map<String, String> headers, long delayMs) {
    stats.answered(outcome.status(), outcome.code());
    return new Reply(false, outcome.status(), Reply.error(outcome.code(), outcome.message()), headers, delayMs);
  }

  private Reply tooManyRequests(Map<String, String> headers, long retryAfterMs) {
    headers.put("Retry-After", seconds(retryAfterMs));
    return new Reply(false, 429, Reply.error("RATE_LIMITED", "Too many requests"), headers, 0);
  }

  private Map<String, String> rateHeaders(RateDecision rate, long serverMs) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-RateLimit-Limit", String.valueOf(rate.limit()));
    headers.put("X-RateLimit-Remaining", String.valueOf(rate.remaining()));
    headers.put("X-RateLimit-Reset", resetFormat.format(rate.resetAtMs(), serverMs));
    return headers;
  }

  /** Decimal seconds with millisecond precision, as rate-limiter-flexible users send: 734 ms is "0.734", 2000 ms is "2". */
  static String seconds(long ms) {
    return BigDecimal.valueOf(Math.max(0, ms), 3).stripTrailingZeros().toPlainString();
  }
}
