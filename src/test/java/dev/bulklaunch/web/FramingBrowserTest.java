package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Clickjacking: in headless Chromium, a page of another origin frames the dashboard (which launches a campaign in one
 * click). The browser refuses to show it: the frame stays empty, while a frame of the page's own stays filled.
 */
class FramingBrowserTest extends ServerFixture {

  @TempDir
  Path profile;

  private ChromeDriver browser;
  private HttpServer evilSite;

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
  void anotherOriginCannotFrameTheDashboard() throws Exception {
    server = TestServer.start(dataDir);
    String dashboard = "http://127.0.0.1:" + server.server.web().port() + "/";
    evilSite = TestServer.await(server.vertx.createHttpServer()
        .requestHandler(request -> request.response().putHeader("Content-Type", "text/html; charset=utf-8")
            .end(request.path().equals("/own") ? "<p id=\"launch-button\">a frame of its own</p>" : """
                <!doctype html><html><body>
                <iframe id="victim" src="DASHBOARD" width="800" height="600"></iframe>
                <iframe id="control" src="/own" width="200" height="100"></iframe>
                </body></html>""".replace("DASHBOARD", dashboard)))
        .listen(0, "127.0.0.1"));
    browser = HeadlessChromium.start(profile, List.of());
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(100));

    browser.get("http://127.0.0.1:" + evilSite.actualPort() + "/");
    browser.switchTo().frame("control");
    wait.until(d -> !d.findElements(By.id("launch-button")).isEmpty());
    browser.switchTo().defaultContent();
    // get() returned at the page's load event, which waits for its frames: the dashboard's button is in its HTML
    browser.switchTo().frame("victim");

    assertThat(browser.findElements(By.id("launch-button"))).isEmpty();
    assertThat(browser.getPageSource()).doesNotContain("launch-button");
    browser.switchTo().defaultContent();
    browser.get(dashboard);
    wait.until(d -> !d.findElements(By.id("launch-button")).isEmpty());
  }
}
