package dev.bulklaunch.campaign;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a test knows of a simulator campaign independently of the code under test: the export read whole with a
 * plain HTTP client, and per-lead attempts from {@code /_sim/leads}. Fake personal values to grep for.
 */
public final class ExportProbe {

  /** Fragments of the simulator's fake personal fields (email domain, last names, company, phone prefix). */
  public static final List<String> PERSONAL_MARKERS = List.of("pii-sim.example", "Pii-", "PiiCorp", "+1555");

  // HTTP/1.1 as lemlist clients speak it: the default h2c upgrade attempt broke on a large chunked export
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String baseUrl;
  private final String key;

  public ExportProbe(String baseUrl, String key) {
    this.baseUrl = baseUrl;
    this.key = key;
  }

  public List<JsonObject> export(String campaignId) {
    return new JsonArray(get(baseUrl + "/campaigns/" + campaignId + "/export/leads?state=all&format=json", true))
        .stream().map(JsonObject.class::cast).toList();
  }

  /** The IDs of the leads in {@code review} whose emailStatus is in {@code emailStatuses} (empty: any). */
  public Set<String> reviewLeads(String campaignId, Set<String> emailStatuses) {
    return export(campaignId).stream()
        .filter(lead -> "review".equals(lead.getString("status")))
        .filter(lead -> emailStatuses.isEmpty() || emailStatuses.contains(lead.getString("emailStatus", "unknown")))
        .map(lead -> lead.getString("_id"))
        .collect(Collectors.toSet());
  }

  /** The export's body as the server sends it (CSV for a campaign with the {@code Csv} marker). */
  public String rawExport(String campaignId) {
    return get(baseUrl + "/campaigns/" + campaignId + "/export/leads?state=all&format=json", true);
  }

  /** Leads in review in a large export, counted while it streams past (never held). */
  public long countReviewLeadsStreaming(String campaignId) throws IOException, InterruptedException {
    HttpResponse<InputStream> response = http.send(request(baseUrl + "/campaigns/" + campaignId
        + "/export/leads?state=all&format=json", true), HttpResponse.BodyHandlers.ofInputStream());
    byte[] needle = "\"status\":\"review\"".getBytes(StandardCharsets.UTF_8);
    long count = 0;
    int matched = 0;
    try (InputStream in = response.body()) {
      byte[] chunk = new byte[64 * 1024];
      for (int n; (n = in.read(chunk)) > 0; ) {
        for (int i = 0; i < n; i++) {
          matched = chunk[i] == needle[matched] ? matched + 1 : chunk[i] == needle[0] ? 1 : 0;
          if (matched == needle.length) {
            count++;
            matched = 0;
          }
        }
      }
    }
    return count;
  }

  /** How often the simulator was asked to launch this lead. */
  public int attempts(String leadId) {
    return new JsonObject(get(baseUrl.replaceFirst("/api$", "") + "/_sim/leads/" + leadId, false)).getInteger("attempts");
  }

  private String get(String url, boolean authenticated) {
    try {
      HttpResponse<String> response = http.send(request(url, authenticated), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 429 || response.statusCode() == 503) {
        // a campaign whose first export is a simulated fault: the fault is spent, the next one answers
        response = http.send(request(url, authenticated), HttpResponse.BodyHandlers.ofString());
      }
      if (response.statusCode() != 200) {
        throw new IllegalStateException(url + " answered " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest request(String url, boolean authenticated) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).GET();
    if (authenticated) {
      builder.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((":" + key).getBytes(StandardCharsets.UTF_8)));
    }
    return builder.build();
  }
}
