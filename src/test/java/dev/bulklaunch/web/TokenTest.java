package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulklaunch.config.ConfigException;
import dev.bulklaunch.config.HostPort;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class TokenTest extends ServerFixture {

  private static final String TOKEN = "t0ken-for-tests";

  private HttpResponse<String> anonymous(String method, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.url(path)))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    return server.http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aNonLoopbackBindWithoutTokenIsRefused() {
    assertThatThrownBy(() -> WebServer.checkBind(new HostPort("0.0.0.0", 8080), (String) null))
        .isInstanceOf(ConfigException.class).hasMessageContaining("server.token");
    assertThatThrownBy(() -> WebServer.checkBind(new HostPort("192.168.1.20", 8080), " "))
        .isInstanceOf(ConfigException.class);
    assertThatCode(() -> WebServer.checkBind(new HostPort("0.0.0.0", 8080), TOKEN)).doesNotThrowAnyException();
    assertThatCode(() -> WebServer.checkBind(new HostPort("127.0.0.1", 8080), (String) null)).doesNotThrowAnyException();
    assertThatCode(() -> WebServer.checkBind(new HostPort("localhost", 8080), (String) null)).doesNotThrowAnyException();
  }

  @Test
  void theServerDoesNotStartOnAPublicAddressWithoutToken() throws Exception {
    server = TestServer.start(dataDir);
    assertThatThrownBy(() -> TestServer.await(WebServer.start(server.vertx, new HostPort("0.0.0.0", 0), null,
        server.server.jobs(), 1000, StreamLimits.DEFAULT))).isInstanceOf(ConfigException.class);
  }

  @Test
  void withATokenTheApiNeedsItAndSaysHowToSendIt() throws Exception {
    server = TestServer.start(dataDir, new JsonObject().put("token", TOKEN));

    HttpResponse<String> none = anonymous("GET", "/api/jobs");
    HttpResponse<String> wrong = server.http.send(HttpRequest.newBuilder(URI.create(server.url("/api/jobs")))
        .header("Authorization", "Bearer nope").build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> postWithQueryToken = anonymous("POST", "/api/jobs?access_token=" + TOKEN);

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(new JsonObject(none.body()).getString("message")).contains("Authorization: Bearer");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(postWithQueryToken.statusCode()).isEqualTo(401);
    assertThat(server.get("/api/jobs").statusCode()).isEqualTo(200);
    assertThat(anonymous("GET", "/api/jobs?access_token=" + TOKEN).statusCode()).isEqualTo(200);
    assertThat(anonymous("GET", "/health").statusCode()).isEqualTo(200);
    assertThat(anonymous("GET", "/").statusCode()).isEqualTo(200);
  }

  @Test
  void eventSourceCanAuthenticateWithTheQueryParameter() throws Exception {
    server = TestServer.start(dataDir, new JsonObject().put("token", TOKEN));
    String id = server.launch(TestServer.ids("tok", 20));
    server.awaitState(id, "done");

    SseRecorder refused = new SseRecorder(server.http,
        HttpRequest.newBuilder(URI.create(server.url("/api/jobs/" + id + "/events"))).build());
    SseRecorder accepted = new SseRecorder(server.http,
        HttpRequest.newBuilder(URI.create(server.url("/api/jobs/" + id + "/events?access_token=" + TOKEN))).build());
    TestServer.awaitTrue(() -> refused.hasEnded() && accepted.hasEnded(), "both streams to end");

    assertThat(refused.status).isEqualTo(401);
    assertThat(accepted.status).isEqualTo(200);
    assertThat(accepted.ofType("done")).hasSize(1);
  }
}
