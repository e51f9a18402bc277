package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** A token sent in a URL never reaches a log line, whatever else is wrong with the URL. */
class SecretsNotLoggedTest extends ServerFixture {

  private static final String TOKEN = "tok-SECRET-41c9";

  @Test
  void aMalformedQueryWithTheTokenIsAnsweredAndNotLogged() throws Exception {
    server = TestServer.start(dataDir, new JsonObject().put("token", TOKEN));
    RawHttp raw = new RawHttp(server.server.web().port());
    try (LogCapture logs = new LogCapture()) {
      RawHttp.Response response = raw.send("GET", "/api/jobs?access_token=" + TOKEN + "&x=%zz", null);
      RawHttp.Response path = raw.send("GET", "/api/jobs/%zz?access_token=" + TOKEN, null);
      // every line about a request is written before its answer leaves
      assertThat(response.status()).isEqualTo(400);
      assertThat(path.status()).isEqualTo(400);
      assertThat(response.body()).doesNotContain(TOKEN);
      assertThat(path.body()).doesNotContain(TOKEN);
      assertThat(logs.lines()).noneMatch(line -> line.contains(TOKEN) || line.contains("SECRET"));
      assertThat(logs.lines()).noneMatch(line -> line.startsWith("ERROR") || line.startsWith("WARN"));
    }
  }
}
