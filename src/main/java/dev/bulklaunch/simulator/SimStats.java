package dev.bulklaunch.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.TreeMap;

/** Counters of what the simulator saw and did; times are milliseconds since the simulator started. */
final class SimStats {

  private final int limit;
  private final long windowMs;
  private final String mode;
  private final ArrivalLog clientArrivals = new ArrivalLog();
  private final ArrivalLog allArrivals = new ArrivalLog();
  private final HoldTracker holds = new HoldTracker();
  private final TreeMap<String, Long> byStatus = new TreeMap<>();
  private final TreeMap<String, Long> byCode = new TreeMap<>();
  private final TreeMap<String, BackgroundTally> backgroundByKey = new TreeMap<>();
  private long requests;
  private long unauthorized;
  private long accepted;
  private long rateLimited;
  private long spurious429;
  private long launches;
  private long duplicateLaunches;
  private long injectedErrors;
  private long dropped;
  private long redirected;
  private long stalled;
  private long outages;
  private long outageRejected;
  private long backgroundSpent;
  private long backgroundRejected;
  private long exports;
  private long exportedLeads;
  private long firstArrivalMs = -1;
  private long lastArrivalMs = -1;

  SimStats(int limit, long windowMs, String mode) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.mode = mode;
  }

  void unauthorized() {
    requests++;
    unauthorized++;
    answered(401, null);
  }

  void clientArrival(String key, long atMs) {
    requests++;
    if (firstArrivalMs < 0) {
      firstArrivalMs = atMs;
    }
    lastArrivalMs = atMs;
    String label = KeyLabel.of(key);
    clientArrivals.record(label, atMs);
    allArrivals.record(label, atMs);
    holds.arrival(key, atMs);
  }

  void backgroundArrival(String key, long atMs, boolean spent) {
    String label = KeyLabel.of(key);
    allArrivals.record(label, atMs);
    backgroundByKey.computeIfAbsent(label, l -> new BackgroundTally(atMs)).arrival(atMs, spent);
    if (spent) {
      backgroundSpent++;
    } else {
      backgroundRejected++;
    }
  }

  void accepted() {
    accepted++;
  }

  void rateLimited(String key, long atMs, long retryAfterMs, boolean spurious) {
    rateLimited++;
    if (spurious) {
      spurious429++;
    }
    holds.hold(key, atMs, retryAfterMs);
    answered(429, "RATE_LIMITED");
  }

  void launched() {
    launches++;
  }

  void duplicateLaunch() {
    duplicateLaunches++;
  }

  void injectedError(int status) {
    injectedErrors++;
    answered(status, "SIMULATED_" + status);
  }

  void dropped() {
    dropped++;
  }

  void redirected() {
    redirected++;
  }

  void stalled() {
    stalled++;
  }

  void exported(long leads) {
    exports++;
    exportedLeads += leads;
  }

  void outageStarted() {
    outages++;
  }

  void outageRejected() {
    outageRejected++;
  }

  void answered(int status, String code) {
    byStatus.merge(String.valueOf(status), 1L, Long::sum);
    if (code != null) {
      byCode.merge(code, 1L, Long::sum);
    }
  }

  /** Every client arrival per key, in milliseconds since start. */
  JsonObject arrivals() {
    return clientArrivals.timelines();
  }

  JsonObject toJson() {
    return new JsonObject()
      .put("requests", requests)
      .put("accepted", accepted)
      .put("rateLimited", rateLimited)
      .put("spurious429", spurious429)
      .put("launches", launches)
      .put("duplicateLaunches", duplicateLaunches)
      .put("exports", exports)
      .put("exportedLeads", exportedLeads)
      .put("byStatus", new JsonObject(new TreeMap<String, Object>(byStatus)))
      .put("byCode", new JsonObject(new TreeMap<String, Object>(byCode)))
      .put("limit", limit)
      .put("windowMs", windowMs)
      .put("mode", mode)
      .put("maxInAnyWindow", clientArrivals.maxInAnyWindow(windowMs))
      .put("maxInAnyWindowAllConsumers", allArrivals.maxInAnyWindow(windowMs))
      .put("byKey", clientArrivals.perKey(windowMs))
      .put("retryAfterViolations", holds.violations())
      .put("retryAfterViolationMaxMsAfter429", holds.violationMaxAfterStartMs())
      .put("retryAfterViolatedHolds", new JsonArray(holds.holdsViolated()))
      .put("resumeLagsMs", new JsonObject()
        .put("count", holds.lagCount())
        .put("max", holds.lagMaxMs())
        .put("mean", holds.lagMeanMs()))
      .put("firstArrivalMs", firstArrivalMs < 0 ? null : firstArrivalMs)
      .put("lastArrivalMs", lastArrivalMs < 0 ? null : lastArrivalMs)
      .put("background", new JsonObject().put("spent", backgroundSpent).put("rejected", backgroundRejected)
        .put("byKey", backgroundByKey()))
      .put("outages", outages)
      .put("outageRejected", outageRejected)
      .put("unauthorized", unauthorized)
      .put("injectedErrors", injectedErrors)
      .put("dropped", dropped)
      .put("redirected", redirected)
      .put("stalled", stalled);
  }

  void clear() {
    clientArrivals.clear();
    allArrivals.clear();
    holds.clear();
    byStatus.clear();
    byCode.clear();
    backgroundByKey.clear();
    requests = unauthorized = accepted = rateLimited = spurious429 = 0;
    launches = duplicateLaunches = injectedErrors = dropped = stalled = redirected = 0;
    outages = outageRejected = backgroundSpent = backgroundRejected = 0;
    exports = exportedLeads = 0;
    firstArrivalMs = lastArrivalMs = -1;
  }

  /** Per key: the other consumer's requests, how many were answered 429, and its first and last request. */
  private JsonObject backgroundByKey() {
    JsonObject all = new JsonObject();
    backgroundByKey.forEach((label, tally) -> all.put(label, new JsonObject()
      .put("requests", tally.requests)
      .put("rateLimited", tally.rateLimited)
      .put("firstAtMs", tally.firstAtMs)
      .put("lastAtMs", tally.lastAtMs)));
    return all;
  }

  private static final class BackgroundTally {
    final long firstAtMs;
    long lastAtMs;
    long requests;
    long rateLimited;

    BackgroundTally(long firstAtMs) {
      this.firstAtMs = firstAtMs;
    }

    void arrival(long atMs, boolean spent) {
      requests++;
      lastAtMs = atMs;
      if (!spent) {
        rateLimited++;
      }
    }
  }
}
