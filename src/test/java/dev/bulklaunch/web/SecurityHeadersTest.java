package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every answer forbids framing and sniffing, whatever answered it (a route, the static files, an error, a refusal,
 * the router on its own), and the dashboard's pages allow only their own scripts and styles.
 */
class SecurityHeadersTest extends ServerFixture {

  private static final String TOKEN = "headers-token-0123456789";

  @Test
  void everyKindOfAnswerCarriesTheHeaders() throws Exception {
    server = TestServer.start(dataDir, new JsonObject().put("token", TOKEN));
    int port = server.server.web().port();
    RawHttp raw = new RawHttp(port);
    String auth = "Authorization: Bearer " + TOKEN;
    String jobId = server.launch(TestServer.ids("hdr", 3));
    server.awaitState(jobId, "done");

    List<RawHttp.Response> api = new ArrayList<>();
    api.add(raw.send("GET", "/api/jobs", null, auth));
    api.add(raw.send("GET", "/api/jobs/" + jobId + "/results", null, auth));
    api.add(raw.send("GET", "/api/jobs/nope", null, auth));
    api.add(raw.send("GET", "/api/no-such-route", null, auth));
    api.add(raw.send("GET", "/api/jobs", null));
    api.add(raw.send("POST", "/api/jobs", "lea_x\n", "Content-Type: text/plain", "Origin: https://evil.example"));
    api.add(raw.send("GET", "/api/jobs?x=%zz", null, auth));
    api.add(raw.send("GET", "/metrics", null, auth));
    api.add(raw.send("GET", "/api/jobs/%zz", null, auth));
    List<RawHttp.Response> pages = new ArrayList<>();
    pages.add(raw.send("GET", "/", null));
    pages.add(raw.send("GET", "/index.html", null));
    pages.add(raw.send("GET", "/app.js", null));
    pages.add(raw.send("GET", "/no-such-page", null));
    pages.add(raw.send("GET", "/health", null));
    pages.add(raw.send("GET", "/", null, "Host: evil.example:" + port));

    assertThat(api.stream().map(RawHttp.Response::status)).contains(200, 404, 401, 403, 400);
    for (RawHttp.Response response : api) {
      assertFramingAndSniffingForbidden(response);
    }
    for (RawHttp.Response response : pages) {
      assertFramingAndSniffingForbidden(response);
      assertThat(response.header("Content-Security-Policy")).as(response.toString()).contains("default-src 'self'");
    }
  }

  @Test
  void theEventStreamCarriesTheHeaders() throws Exception {
    server = TestServer.start(dataDir);
    String jobId = server.launch(TestServer.ids("sse", 3));
    server.awaitState(jobId, "done");

    RawHttp.Response stream = new RawHttp(server.server.web().port()).send("GET", "/api/jobs/" + jobId + "/events", null);

    assertThat(stream.status()).isEqualTo(200);
    assertFramingAndSniffingForbidden(stream);
  }

  private static void assertFramingAndSniffingForbidden(RawHttp.Response response) {
    assertThat(response.header("Content-Security-Policy")).as(response.toString()).contains("frame-ancestors 'none'");
    assertThat(response.header("X-Frame-Options")).as(response.toString()).isEqualTo("DENY");
    assertThat(response.header("X-Content-Type-Options")).as(response.toString()).isEqualTo("nosniff");
    assertThat(response.header("Referrer-Policy")).as(response.toString()).isEqualTo("no-referrer");
  }
}
