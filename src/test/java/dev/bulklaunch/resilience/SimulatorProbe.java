package dev.bulklaunch.resilience;

import dev.bulklaunch.simulator.LemlistSimulator;
import dev.bulklaunch.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An in-process simulator and its {@code /_sim} routes: per-lead history, outages, stats. */
final class SimulatorProbe implements AutoCloseable {

  static final String KEY = "resilience-key-1";

  private final Vertx vertx;
  private final LemlistSimulator simulator;
  private final HttpClient http = HttpClient.newHttpClient();

  private SimulatorProbe(Vertx vertx, LemlistSimulator simulator) {
    this.vertx = vertx;
    this.simulator = simulator;
  }

  static SimulatorProbe start(JsonObject options) {
    Vertx vertx = Vertx.vertx();
    JsonObject withKey = options.copy().put("apiKeys", List.of(KEY));
    return new SimulatorProbe(vertx, LemlistSimulator.start(vertx, SimulatorOptions.fromJson(withKey)).await());
  }

  String baseUrl() {
    return simulator.baseUrl();
  }

  JsonObject stats() {
    return simulator.stats();
  }

  long stat(String name) {
    return simulator.stats().getLong(name);
  }

  /** {@code {attempts, launched, launchAttempts}} as the simulator saw them. */
  JsonObject lead(String leadId) {
    return new JsonObject(get("/_sim/leads/" + leadId));
  }

  Map<String, JsonObject> leads(Collection<String> leadIds) {
    Map<String, JsonObject> leads = new LinkedHashMap<>();
    leadIds.forEach(id -> leads.put(id, lead(id)));
    return leads;
  }

  void outage(long ms) {
    send(HttpRequest.newBuilder(control("/_sim/outage?ms=" + ms)).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  private String get(String path) {
    return send(HttpRequest.newBuilder(control(path)).GET().build());
  }

  private String send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
      }
      return response.body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private URI control(String path) {
    return URI.create("http://127.0.0.1:" + simulator.port() + path);
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
