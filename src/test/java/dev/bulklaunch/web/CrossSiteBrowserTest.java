package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * In headless Chromium, a page of another origin (another port of 127.0.0.1) does what any web page can do without a
 * CORS preflight: a no-cors {@code fetch} POST and an auto-submitted multipart form with a file. Chromium sends both
 * (the server answers them 403), the server starts no job from them and lemlist sees nothing; a name made to resolve
 * to 127.0.0.1 (DNS rebinding) gets no page and no API. The dashboard on its own origin still launches.
 */
class CrossSiteBrowserTest extends ServerFixture {

  @TempDir
  Path profile;

  private ChromeDriver browser;
  private HttpServer evilSite;
  /** Requests seen in the DevTools log so far: a request and its answer can come in different reads of the log. */
  private final java.util.Map<String, JsonObject> requests = new java.util.HashMap<>();

  @AfterEach
  void closeBrowser() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (evilSite != null) {
      TestServer.await(evilSite.close());
    }
  }

  @Test
  void anotherOriginsFetchAndFormLaunchNothingWhileTheDashboardStillLaunches() throws Exception {
    server = TestServer.start(dataDir);
    int port = server.server.web().port();
    String target = "http://127.0.0.1:" + port;
    evilSite = TestServer.await(server.vertx.createHttpServer()
        .requestHandler(request -> request.response().putHeader("Content-Type", "text/html; charset=utf-8")
            .end(attackPage(target)))
        .listen(0, "127.0.0.1"));
    browser = HeadlessChromium.start(profile, List.of("--host-resolver-rules=MAP rebound.test 127.0.0.1"));
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(50));

    browser.get("http://127.0.0.1:" + evilSite.actualPort() + "/");
    List<JsonObject> answers = new ArrayList<>();
    wait.until(d -> {
      answers.addAll(responses(target + "/api/jobs"));
      return answers.size() >= 2 && "answered:opaque".equals(attackState("fetch"));
    });

    assertThat(answers).extracting(a -> a.getInteger("status")).containsOnly(403);
    assertThat(answers).extracting(a -> a.getString("method")).containsOnly("POST");
    assertThat(answers).extracting(a -> a.getString("type"))
        .anySatisfy(type -> assertThat(type).startsWith("text/plain"))
        .anySatisfy(type -> assertThat(type).startsWith("multipart/form-data"));
    assertThat(attackState("form")).isEqualTo("submitted");
    assertThat(jobs()).isEmpty();
    assertThat(server.simulator.stats().getLong("requests")).isZero();

    browser.get("http://rebound.test:" + port + "/");
    assertThat(browser.getPageSource()).contains("HOST_NOT_ALLOWED").doesNotContain("launch-button");
    browser.get("http://rebound.test:" + port + "/api/jobs");
    assertThat(browser.getPageSource()).contains("HOST_NOT_ALLOWED");

    browser.get("http://localhost:" + port + "/");
    wait.until(d -> d.findElement(By.id("connection")).getText().equals("live"));
    browser.executeScript("document.getElementById('paste-input').value = arguments[0];", TestServer.ids("own", 20));
    browser.findElement(By.id("launch-button")).click();
    wait.until(d -> d.findElement(By.id("job-state")).getText().startsWith("DONE"));

    assertThat(jobs()).hasSize(1);
    assertThat(server.simulator.stats().getLong("launches")).isEqualTo(20);
  }

  private JsonArray jobs() throws Exception {
    return new JsonObject(server.get("/api/jobs").body()).getJsonArray("jobs");
  }

  private String attackState(String what) {
    return String.valueOf(((JavascriptExecutor) browser).executeScript("return window.attack && window.attack."
        + what + ";"));
  }

  /** The answers Chromium received for {@code url} since the last call, from the DevTools network log. */
  private List<JsonObject> responses(String url) {
    List<JsonObject> found = new ArrayList<>();
    for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
      JsonObject message = new JsonObject(entry.getMessage()).getJsonObject("message");
      JsonObject params = message.getJsonObject("params", new JsonObject());
      if ("Network.requestWillBeSent".equals(message.getString("method"))) {
        JsonObject request = params.getJsonObject("request");
        JsonObject headers = request.getJsonObject("headers", new JsonObject());
        requests.put(params.getString("requestId"), new JsonObject().put("method", request.getString("method"))
            .put("type", headers.getString("Content-Type", "")).put("origin", headers.getString("Origin", "")));
      }
      if ("Network.responseReceived".equals(message.getString("method"))
          && url.equals(params.getJsonObject("response").getString("url"))) {
        found.add(requests.getOrDefault(params.getString("requestId"), new JsonObject()).copy()
            .put("status", params.getJsonObject("response").getInteger("status")));
      }
    }
    return found;
  }

  private static String attackPage(String target) {
    return """
        <!doctype html>
        <html><body>
        <iframe name="sink"></iframe>
        <form id="form" method="post" enctype="multipart/form-data" target="sink" action="TARGET/api/jobs">
          <input type="file" name="file" id="file">
        </form>
        <script>
          window.attack = {fetch: 'pending', form: 'pending'};
          fetch('TARGET/api/jobs', {method: 'POST', mode: 'no-cors', body: 'lea_evilfetch1\\nlea_evilfetch2\\n'})
            .then(r => attack.fetch = 'answered:' + r.type, e => attack.fetch = 'error:' + e);
          const files = new DataTransfer();
          files.items.add(new File(['lea_evilform1\\nlea_evilform2\\n'], 'ids.txt', {type: 'text/plain'}));
          document.getElementById('file').files = files.files;
          document.getElementById('form').submit();
          attack.form = 'submitted';
        </script>
        </body></html>
        """.replace("TARGET", target);
  }
}
