package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reads are not harmless: a campaign preview exports the campaign on the key's budget. Any {@code /api/*} or
 * {@code /metrics} request a browser marks cross-site or same-site (an {@code <img>}, a link, a no-cors fetch) is
 * refused whatever its method, and reaches nothing; the server's own pages and non-browser clients are served.
 */
class CrossSiteReadTest extends ServerFixture {

  private static final String PREVIEW = "/api/campaigns/cam_leads400/preview";

  @Test
  void aCrossSiteOrSameSiteReadOfTheApiIsRefusedAndReachesNothing() throws Exception {
    server = TestServer.start(dataDir);
    RawHttp raw = new RawHttp(server.server.web().port());

    for (String site : List.of("cross-site", "same-site")) {
      for (String path : List.of(PREVIEW, "/api/campaigns", "/api/jobs", "/api/keys", "/api/events", "/metrics")) {
        RawHttp.Response response = raw.send("GET", path, null, "Sec-Fetch-Site: " + site, "Sec-Fetch-Mode: no-cors",
            "Sec-Fetch-Dest: image");
        assertThat(response.status()).as(site + " " + path).isEqualTo(403);
        assertThat(new JsonObject(response.body()).getString("error")).isEqualTo("CROSS_ORIGIN");
      }
      RawHttp.Response withOrigin = raw.send("GET", PREVIEW, null, "Sec-Fetch-Site: " + site,
          "Origin: https://evil.example");
      assertThat(withOrigin.status()).isEqualTo(403);
    }

    assertThat(server.simulator.stats().getLong("requests")).isZero();
  }

  @Test
  void theServersOwnPagesAndScriptsAreServed() throws Exception {
    server = TestServer.start(dataDir);
    RawHttp raw = new RawHttp(server.server.web().port());

    RawHttp.Response ownPage = raw.send("GET", PREVIEW, null, "Sec-Fetch-Site: same-origin");
    RawHttp.Response typed = raw.send("GET", "/api/jobs", null, "Sec-Fetch-Site: none");
    RawHttp.Response curl = raw.send("GET", "/api/campaigns", null);
    RawHttp.Response dashboardFromElsewhere = raw.send("GET", "/", null, "Sec-Fetch-Site: cross-site");

    assertThat(ownPage.status()).as(ownPage.body()).isEqualTo(200);
    assertThat(typed.status()).isEqualTo(200);
    assertThat(curl.status()).isEqualTo(200);
    assertThat(dashboardFromElsewhere.status()).isEqualTo(200);
    assertThat(server.simulator.stats().getLong("requests")).isPositive();
  }

  @Test
  void aListedOriginMayReadAcrossSites() throws Exception {
    server = TestServer.start(dataDir, new JsonObject().put("allowedOrigins", "https://launcher.example.com"));
    RawHttp raw = new RawHttp(server.server.web().port());

    RawHttp.Response listed = raw.send("GET", PREVIEW, null, "Sec-Fetch-Site: cross-site",
        "Origin: https://launcher.example.com");
    RawHttp.Response unlisted = raw.send("GET", PREVIEW, null, "Sec-Fetch-Site: same-site",
        "Origin: https://other.example.com");

    assertThat(listed.status()).as(listed.body()).isEqualTo(200);
    assertThat(unlisted.status()).isEqualTo(403);
  }
}
