package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests a hostile web page can make a browser send to the local server: a no-cors POST or an auto-submitted form
 * from its own origin, and anything at all under a name of its own that resolves to 127.0.0.1 (DNS rebinding). Each
 * is refused with 403 on its headers alone, and leaves no job, no spooled file and no request at lemlist.
 */
class CrossSiteRequestTest extends ServerFixture {

  private static final String EVIL = "https://evil.example";

  private RawHttp raw;

  private RawHttp start(JsonObject settings) throws Exception {
    return start(settings, TestServer.RATE);
  }

  private RawHttp start(JsonObject settings, String rate) throws Exception {
    server = TestServer.start(io.vertx.core.Vertx.vertx(), dataDir, settings, StreamLimits.DEFAULT, rate);
    raw = new RawHttp(server.server.web().port());
    return raw;
  }

  private int port() {
    return server.server.web().port();
  }

  @AfterEach
  void noAnswerOpensTheApiToOtherPages() {
    if (raw != null) {
      assertThat(raw.seen).isNotEmpty().allSatisfy(response ->
          assertThat(response.headers()).doesNotContainKey("access-control-allow-origin"));
    }
  }

  @Test
  void aCrossSitePlainTextPostIsRefusedBeforeAnyJobExists() throws Exception {
    start(new JsonObject());

    RawHttp.Response response = raw.send("POST", "/api/jobs", "lea_evil1\nlea_evil2\n",
        "Content-Type: text/plain;charset=UTF-8", "Origin: " + EVIL, "Sec-Fetch-Site: cross-site",
        "Sec-Fetch-Mode: no-cors");

    assertRefused(response, "CROSS_ORIGIN");
    assertThat(new JsonObject(response.body()).getString("message")).contains("server.allowedOrigins");
    assertNothingStarted();
  }

  @Test
  void aMultipartFormFromAnOpaqueOriginIsRefused() throws Exception {
    start(new JsonObject());
    String form = "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ids.txt\"\r\n"
        + "Content-Type: text/plain\r\n\r\nlea_form1\nlea_form2\n\r\n--xyz--\r\n";

    RawHttp.Response response = raw.send("POST", "/api/jobs", form,
        "Content-Type: multipart/form-data; boundary=xyz", "Origin: null");

    assertRefused(response, "CROSS_ORIGIN");
    assertNothingStarted();
  }

  @Test
  void aPageOnAnotherLocalPortIsAnotherOrigin() throws Exception {
    start(new JsonObject());
    int other = port() == 65535 ? 65534 : port() + 1;

    RawHttp.Response fromOtherPort = raw.send("POST", "/api/jobs", "lea_port1\n", "Content-Type: text/plain",
        "Origin: http://127.0.0.1:" + other, "Sec-Fetch-Site: same-site");
    RawHttp.Response fromLocalhostToIp = raw.send("POST", "/api/jobs", "lea_port2\n", "Content-Type: text/plain",
        "Origin: http://localhost:" + port());

    assertRefused(fromOtherPort, "CROSS_ORIGIN");
    assertRefused(fromLocalhostToIp, "CROSS_ORIGIN");
    assertNothingStarted();
  }

  @Test
  void secFetchSiteCrossSiteWithoutOriginIsRefused() throws Exception {
    start(new JsonObject());

    RawHttp.Response response = raw.send("POST", "/api/jobs", "lea_sfs1\n", "Content-Type: text/plain",
        "Sec-Fetch-Site: cross-site");

    assertRefused(response, "CROSS_ORIGIN");
    assertNothingStarted();
  }

  @Test
  void aRefusedUploadIsAnsweredWithoutWaitingForItsBody() throws Exception {
    start(new JsonObject());
    String announced = TestServer.ids("huge", 200_000);

    // 3 MB announced, not one byte sent: the 403 can only come from the headers
    RawHttp.Response response = raw.send("POST", "/api/jobs", announced, false, "Content-Type: text/plain",
        "Origin: " + EVIL, "Expect: 100-continue");

    assertRefused(response, "CROSS_ORIGIN");
    assertThat(response.status()).isNotEqualTo(100);
    assertNothingStarted();
  }

  @Test
  void aRebindingHostIsRefusedOnEveryRoute() throws Exception {
    start(new JsonObject());
    String jobId = server.launch(TestServer.ids("own", 5));
    server.awaitState(jobId, "done");
    long requestsBefore = server.simulator.stats().getLong("requests");
    String evilHost = "Host: evil.example:" + port();

    RawHttp.Response post = raw.send("POST", "/api/jobs", "lea_rebind1\n", evilHost, "Content-Type: text/plain");
    List<String> reads = List.of("/api/jobs", "/api/jobs/" + jobId, "/api/jobs/" + jobId + "/results",
        "/api/events", "/api/jobs/" + jobId + "/events", "/", "/index.html", "/app.js", "/health", "/metrics",
        "/no-such-page");
    for (String path : reads) {
      assertRefused(raw.send("GET", path, null, evilHost, "Accept: text/event-stream, */*"), "HOST_NOT_ALLOWED");
    }
    assertRefused(raw.send("GET", "/api/jobs", null, "Host: evil.example"), "HOST_NOT_ALLOWED");
    assertRefused(raw.send("GET", "/api/jobs", null, "Host: 127.0.0.1.evil.example:" + port()), "HOST_NOT_ALLOWED");
    assertRefused(raw.send("DELETE", "/api/jobs/" + jobId, null, evilHost), "HOST_NOT_ALLOWED");

    assertRefused(post, "HOST_NOT_ALLOWED");
    assertThat(new JsonObject(post.body()).getString("message")).contains("server.allowedHosts");
    assertThat(jobIds()).containsExactly(jobId);
    assertThat(server.simulator.stats().getLong("requests")).isEqualTo(requestsBefore);
  }

  @Test
  void aForeignPageCannotCancelOrPauseARunningJob() throws Exception {
    start(new JsonObject(), "5/1s");
    String jobId = server.launch(TestServer.ids("slow", 100));

    RawHttp.Response cancel = raw.send("DELETE", "/api/jobs/" + jobId, null, "Origin: " + EVIL);
    RawHttp.Response pause = raw.send("POST", "/api/jobs/" + jobId + "/pause", "", "Origin: " + EVIL,
        "Content-Type: text/plain");
    RawHttp.Response pauseBlind = raw.send("POST", "/api/jobs/" + jobId + "/pause", "", "Sec-Fetch-Site: cross-site");
    RawHttp.Response rebound = raw.send("DELETE", "/api/jobs/" + jobId, null, "Host: evil.example:" + port());

    assertRefused(cancel, "CROSS_ORIGIN");
    assertRefused(pause, "CROSS_ORIGIN");
    assertRefused(pauseBlind, "CROSS_ORIGIN");
    assertRefused(rebound, "HOST_NOT_ALLOWED");
    assertThat(server.job(jobId).getString("state")).isEqualTo("running");
    // the same request from the server's own page does what it says
    RawHttp.Response ownCancel = raw.send("DELETE", "/api/jobs/" + jobId, null,
        "Origin: http://127.0.0.1:" + port(), "Sec-Fetch-Site: same-origin");
    assertThat(ownCancel.status()).isEqualTo(200);
    server.awaitState(jobId, "cancelled");
  }

  @Test
  void theServersOwnPagesAndScriptsWithoutOriginAreServed() throws Exception {
    start(new JsonObject());
    String ownIp = "http://127.0.0.1:" + port();
    String ownName = "http://localhost:" + port();

    RawHttp.Response fromIp = raw.send("POST", "/api/jobs", "lea_ip1\nlea_ip2\n", "Content-Type: text/plain",
        "Origin: " + ownIp, "Sec-Fetch-Site: same-origin");
    RawHttp.Response fromName = raw.send("POST", "/api/jobs", "lea_name1\n", "Host: localhost:" + port(),
        "Content-Type: text/plain", "Origin: " + ownName, "Sec-Fetch-Site: same-origin");
    RawHttp.Response fromUpperCaseName = raw.send("POST", "/api/jobs", "lea_case1\n", "Host: LocalHost:" + port(),
        "Content-Type: text/plain", "Origin: http://LOCALHOST:" + port());
    RawHttp.Response fromCurl = raw.send("POST", "/api/jobs", "lea_curl1\n", "Content-Type: text/plain");
    RawHttp.Response typedIntoTheAddressBar = raw.send("POST", "/api/jobs", "lea_none1\n", "Content-Type: text/plain",
        "Sec-Fetch-Site: none");

    for (RawHttp.Response created : List.of(fromIp, fromName, fromUpperCaseName, fromCurl, typedIntoTheAddressBar)) {
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      server.awaitState(new JsonObject(created.body()).getString("id"), "done");
    }
    assertThat(server.simulator.stats().getLong("launches")).isEqualTo(6);
    for (String host : List.of("127.0.0.1:" + port(), "localhost:" + port(), "[::1]:" + port(),
        "[0:0:0:0:0:0:0:1]:" + port(), "LOCALHOST:" + port())) {
      assertThat(raw.send("GET", "/api/jobs", null, "Host: " + host).status()).as(host).isEqualTo(200);
      assertThat(raw.send("GET", "/", null, "Host: " + host).status()).as(host).isEqualTo(200);
    }
    assertThat(raw.send("GET", "/api/jobs", null, "Host: localhost").status()).as("hand-written, no port")
        .isEqualTo(200);
    assertThat(raw.send("GET", "/api/jobs", null, "Host: localhost:" + (port() - 1)).status()).isEqualTo(403);
    assertThat(raw.send("GET", "/api/jobs", null, "Origin: " + EVIL).status()).as("reads are not changes")
        .isEqualTo(200);
  }

  @Test
  void aServerBoundToIpv6LoopbackAnswersItsBracketedAddress() throws Exception {
    start(new JsonObject().put("host", "::1"));
    RawHttp v6 = new RawHttp("::1", port());

    RawHttp.Response own = v6.send("POST", "/api/jobs", "lea_six1\n", "Content-Type: text/plain",
        "Origin: http://[::1]:" + port(), "Sec-Fetch-Site: same-origin");
    RawHttp.Response page = v6.send("GET", "/", null);
    RawHttp.Response foreign = v6.send("POST", "/api/jobs", "lea_six2\n", "Content-Type: text/plain",
        "Origin: http://[::2]:" + port());
    RawHttp.Response rebound = v6.send("GET", "/api/jobs", null, "Host: evil.example:" + port());
    raw.seen.addAll(v6.seen);

    assertThat(own.status()).as(own.body()).isEqualTo(201);
    assertThat(page.status()).isEqualTo(200);
    assertRefused(foreign, "CROSS_ORIGIN");
    assertRefused(rebound, "HOST_NOT_ALLOWED");
    server.awaitState(new JsonObject(own.body()).getString("id"), "done");
    assertThat(server.simulator.stats().getLong("launches")).isEqualTo(1);
  }

  @Test
  void allowedHostsAndOriginsLetAReverseProxyIn() throws Exception {
    start(new JsonObject().put("allowedHosts", "launcher.corp.example, tools.corp.example:8443")
        .put("allowedOrigins", new JsonArray().add("https://Launcher.corp.example/")));

    RawHttp.Response proxied = raw.send("POST", "/api/jobs", "lea_proxy1\n", "Host: launcher.corp.example",
        "Content-Type: text/plain", "Origin: https://launcher.corp.example", "Sec-Fetch-Site: same-origin");
    RawHttp.Response read = raw.send("GET", "/api/jobs", null, "Host: tools.corp.example:8443");
    RawHttp.Response wrongPort = raw.send("GET", "/api/jobs", null, "Host: tools.corp.example:9000");
    RawHttp.Response otherOrigin = raw.send("POST", "/api/jobs", "lea_proxy2\n", "Host: launcher.corp.example",
        "Content-Type: text/plain", "Origin: https://evil.example");

    assertThat(proxied.status()).as(proxied.body()).isEqualTo(201);
    assertThat(read.status()).isEqualTo(200);
    assertRefused(wrongPort, "HOST_NOT_ALLOWED");
    assertRefused(otherOrigin, "CROSS_ORIGIN");
    server.awaitState(new JsonObject(proxied.body()).getString("id"), "done");
    assertThat(server.simulator.stats().getLong("launches")).isEqualTo(1);
    assertThat(jobIds()).hasSize(1);
  }

  @Test
  void overHttp2TheAuthorityIsWhatIsChecked() throws Exception {
    start(new JsonObject());
    HttpClientResponse rebound = h2(HttpMethod.GET, HostAndPort.create("evil.example", port()), null);
    HttpClientResponse own = h2(HttpMethod.GET, HostAndPort.create("localhost", port()), null);
    HttpClientResponse crossSite = h2(HttpMethod.POST, HostAndPort.create("127.0.0.1", port()), EVIL);

    assertThat(own.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(rebound.statusCode()).isEqualTo(403);
    assertThat(crossSite.statusCode()).isEqualTo(403);
    assertThat(List.of(own, rebound, crossSite)).allSatisfy(response ->
        assertThat(response.headers().contains("Access-Control-Allow-Origin")).isFalse());
    raw.send("GET", "/health", null);
    assertNothingStarted();
  }

  // Each request on a connection of its own: a second h2c request on one connection got no answer in 6 of 1,500
  // tries with Vert.x's client even after a plain GET, so it has nothing to do with a refusal (curl 7.88 fails every
  // second h2c request to any Vert.x server here, the simulator too). Not diagnosed; browsers never speak h2c.
  private HttpClientResponse h2(HttpMethod method, HostAndPort authority, String origin) throws Exception {
    HttpClient client = server.vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false));
    try {
      return TestServer.await(client.request(method, authority.port(), "127.0.0.1", "/api/jobs").compose(request -> {
        request.authority(authority);
        if (origin != null) {
          request.putHeader("Origin", origin).putHeader("Content-Type", "text/plain");
        }
        return origin == null ? request.send() : request.send("lea_h2c1\n");
      }).compose(response -> response.body().map(body -> response)));
    } finally {
      client.close();
    }
  }

  private void assertRefused(RawHttp.Response response, String code) {
    assertThat(response.status()).as(response.body()).isEqualTo(403);
    assertThat(new JsonObject(response.body()).getString("error")).isEqualTo(code);
    assertThat(response.closedAfter()).as("connection closed after the refusal").isTrue();
  }

  private void assertNothingStarted() throws Exception {
    assertThat(jobIds()).isEmpty();
    assertThat(server.simulator.stats().getLong("requests")).isZero();
    File jobsDir = dataDir.resolve("jobs").toFile();
    assertThat(jobsDir.exists() ? jobsDir.list() : new String[0]).as("job directories").isEmpty();
  }

  private List<String> jobIds() throws Exception {
    JsonArray jobs = new JsonObject(server.get("/api/jobs").body()).getJsonArray("jobs");
    return jobs.stream().map(job -> ((JsonObject) job).getString("id")).toList();
  }
}
