package dev.bulklaunch.simulator;

import dev.bulklaunch.config.RateSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/** Everything the simulator can be told; every field is optional in JSON and has a lemlist-like default. */
public final class SimulatorOptions {

  private String host = "127.0.0.1";
  private int port = 0;
  private String rate = "20/2s";
  private String mode = "fixed";
  private Boolean retryAfterOnEveryResponse;
  private String timeZone = "UTC";
  private String resetFormat = "js";
  private long clockOffsetMs = 0;
  private Set<String> apiKeys = new LinkedHashSet<>();
  private JsonObject outcomeMix = new JsonObject();
  private JsonObject latency = new JsonObject().put("dist", "fixed").put("ms", 0);
  private long seed = 42;
  private double errorRate = 0;
  private double dropRate = 0;
  private double stallRate = 0;
  private long stallMs = 120_000;
  private double spurious429Rate = 0;
  private double spuriousRetryAfterSec = 1;
  private long outageAfterMs = -1;
  private long outageMs = 0;
  private double backgroundFraction = 0;
  private JsonObject answerHold;
  private int extraCampaigns = 0;
  private boolean redirectAll = false;

  public static SimulatorOptions fromJson(JsonObject json) {
    SimulatorOptions o = new SimulatorOptions();
    if (json == null) {
      return o;
    }
    o.host = json.getString("host", o.host);
    o.port = json.getInteger("port", o.port);
    o.rate = json.getString("rate", o.rate);
    o.mode = json.getString("mode", o.mode);
    o.retryAfterOnEveryResponse = json.getBoolean("retryAfterOnEveryResponse", o.retryAfterOnEveryResponse);
    o.timeZone = json.getString("timeZone", o.timeZone);
    o.resetFormat = json.getString("resetFormat", o.resetFormat);
    o.clockOffsetMs = json.getLong("clockOffsetMs", o.clockOffsetMs);
    if (json.getJsonArray("apiKeys") != null) {
      o.apiKeys = new LinkedHashSet<>();
      json.getJsonArray("apiKeys").forEach(k -> o.apiKeys.add(String.valueOf(k)));
    }
    o.outcomeMix = json.getJsonObject("outcomeMix", o.outcomeMix);
    o.latency = json.getJsonObject("latency", o.latency);
    o.seed = json.getLong("seed", o.seed);
    o.extraCampaigns = json.getInteger("extraCampaigns", o.extraCampaigns);
    o.redirectAll = json.getBoolean("redirectAll", o.redirectAll);
    o.errorRate = json.getDouble("errorRate", o.errorRate);
    o.dropRate = json.getDouble("dropRate", o.dropRate);
    o.stallRate = json.getDouble("stallRate", o.stallRate);
    o.stallMs = json.getLong("stallMs", o.stallMs);
    o.spurious429Rate = json.getDouble("spurious429Rate", o.spurious429Rate);
    o.spuriousRetryAfterSec = json.getDouble("spuriousRetryAfterSec", o.spuriousRetryAfterSec);
    o.outageAfterMs = json.getLong("outageAfterMs", o.outageAfterMs);
    o.outageMs = json.getLong("outageMs", o.outageMs);
    JsonObject background = json.getJsonObject("background");
    if (background != null) {
      o.backgroundFraction = background.getDouble("fraction", 0.0);
    }
    JsonObject faults = json.getJsonObject("faults");
    if (faults != null) {
      o.answerHold = faults.getJsonObject("answerHold", o.answerHold);
    }
    o.validate();
    return o;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put("host", host)
      .put("port", port)
      .put("rate", rate)
      .put("mode", mode)
      .put("retryAfterOnEveryResponse", retryAfterOnEveryResponse())
      .put("timeZone", timeZone)
      .put("resetFormat", resetFormat)
      .put("clockOffsetMs", clockOffsetMs)
      .put("apiKeys", new JsonArray(new ArrayList<>(apiKeys)))
      .put("outcomeMix", outcomeMix.copy())
      .put("latency", latency.copy())
      .put("seed", seed)
      .put("errorRate", errorRate)
      .put("dropRate", dropRate)
      .put("stallRate", stallRate)
      .put("stallMs", stallMs)
      .put("spurious429Rate", spurious429Rate)
      .put("spuriousRetryAfterSec", spuriousRetryAfterSec)
      .put("outageAfterMs", outageAfterMs)
      .put("outageMs", outageMs)
      .put("redirectAll", redirectAll);
    if (backgroundFraction > 0) {
      json.put("background", new JsonObject().put("fraction", backgroundFraction));
    }
    if (answerHold != null) {
      json.put("faults", new JsonObject().put("answerHold", answerHold.copy()));
    }
    return json;
  }

  void validate() {
    RateSpec.parse(rate);
    if (!mode.equals("fixed") && !mode.equals("sliding")) {
      throw new IllegalArgumentException("simulator mode must be 'fixed' or 'sliding', not '" + mode + "'");
    }
    JsDateFormat.zone(timeZone);
    ResetFormat.of(resetFormat, timeZone);
    LatencyModel.fromJson(latency, seed);
    AnswerHold.fromJson(answerHold);
    if (errorRate + dropRate + stallRate + spurious429Rate > 1.0 + 1e-9) {
      throw new IllegalArgumentException("errorRate + dropRate + stallRate + spurious429Rate must not exceed 1");
    }
    if (backgroundFraction < 0 || backgroundFraction > 1) {
      throw new IllegalArgumentException("background.fraction must be between 0 and 1");
    }
  }

  public SimulatorOptions setHost(String host) { this.host = host; return this; }
  public SimulatorOptions setPort(int port) { this.port = port; return this; }
  public SimulatorOptions setRate(String rate) { this.rate = rate; return this; }
  public SimulatorOptions setMode(String mode) { this.mode = mode; return this; }
  public SimulatorOptions setRetryAfterOnEveryResponse(boolean value) { this.retryAfterOnEveryResponse = value; return this; }
  public SimulatorOptions setTimeZone(String timeZone) { this.timeZone = timeZone; return this; }
  public SimulatorOptions setResetFormat(String resetFormat) { this.resetFormat = resetFormat; return this; }
  public SimulatorOptions setClockOffsetMs(long clockOffsetMs) { this.clockOffsetMs = clockOffsetMs; return this; }
  public SimulatorOptions setApiKeys(Collection<String> keys) { this.apiKeys = new LinkedHashSet<>(keys); return this; }
  public SimulatorOptions setOutcomeMix(JsonObject outcomeMix) { this.outcomeMix = outcomeMix; return this; }
  public SimulatorOptions setLatency(JsonObject latency) { this.latency = latency; return this; }
  public SimulatorOptions setSeed(long seed) { this.seed = seed; return this; }
  public SimulatorOptions setErrorRate(double errorRate) { this.errorRate = errorRate; return this; }
  public SimulatorOptions setDropRate(double dropRate) { this.dropRate = dropRate; return this; }
  public SimulatorOptions setStallRate(double stallRate) { this.stallRate = stallRate; return this; }
  public SimulatorOptions setStallMs(long stallMs) { this.stallMs = stallMs; return this; }
  public SimulatorOptions setSpurious429Rate(double rate) { this.spurious429Rate = rate; return this; }
  public SimulatorOptions setSpuriousRetryAfterSec(double seconds) { this.spuriousRetryAfterSec = seconds; return this; }
  public SimulatorOptions setOutageAfterMs(long outageAfterMs) { this.outageAfterMs = outageAfterMs; return this; }
  public SimulatorOptions setOutageMs(long outageMs) { this.outageMs = outageMs; return this; }
  public SimulatorOptions setBackgroundFraction(double fraction) { this.backgroundFraction = fraction; return this; }
  public SimulatorOptions setExtraCampaigns(int count) { this.extraCampaigns = count; return this; }
  /** Every request under {@code /api/} answered 302, as from a proxy or a moved host in front of lemlist. */
  public SimulatorOptions setRedirectAll(boolean redirectAll) { this.redirectAll = redirectAll; return this; }
  public boolean redirectAll() { return redirectAll; }
  /** Generated filler campaigns beyond the named demo ones (to page through GET /campaigns). */
  public int extraCampaigns() { return extraCampaigns; }

  public String host() { return host; }
  public int port() { return port; }
  public RateSpec rate() { return RateSpec.parse(rate); }
  public String mode() { return mode; }
  public boolean retryAfterOnEveryResponse() { return retryAfterOnEveryResponse != null ? retryAfterOnEveryResponse : mode.equals("fixed"); }
  public String timeZone() { return timeZone; }
  public String resetFormat() { return resetFormat; }
  public long clockOffsetMs() { return clockOffsetMs; }
  public Set<String> apiKeys() { return Set.copyOf(apiKeys); }
  public JsonObject outcomeMix() { return outcomeMix; }
  public JsonObject latency() { return latency; }
  public long seed() { return seed; }
  public double errorRate() { return errorRate; }
  public double dropRate() { return dropRate; }
  public double stallRate() { return stallRate; }
  public long stallMs() { return stallMs; }
  public double spurious429Rate() { return spurious429Rate; }
  public double spuriousRetryAfterSec() { return spuriousRetryAfterSec; }
  public long outageAfterMs() { return outageAfterMs; }
  public long outageMs() { return outageMs; }
  public double backgroundFraction() { return backgroundFraction; }
  /** {@code faults.answerHold}: every answer due in the first holdMs of each everyMs is held until then; null holds none. */
  public JsonObject answerHold() { return answerHold; }
  public SimulatorOptions setAnswerHold(JsonObject answerHold) { this.answerHold = answerHold; return this; }
}
