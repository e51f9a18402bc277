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
 * Clickjacking, in headless Chromium: a page on another origin (another port of 127.0.0.1) frames the dashboard.
 * Chromium refuses to show it there (X-Frame-Options, CSP frame-ancestors): the frame stays empty and the dashboard's
 * script never runs in it, so not one API request leaves the frame.
 */
class FramingBrowserTest extends ServerFixture {

  @TempDir
  Path profile;

  private ChromeDriver browser;
  private HttpServer otherSite;

  @AfterEach
  void closeBrowser() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (otherSite != null) {
      TestServer.await(otherSite.close());
    }
  }

  @Test
  void aPageOfAnotherOriginThatFramesTheDashboardGetsAnEmptyFrame() throws Exception {
    server = TestServer.start(dataDir);
    String dashboard = server.url("/");
    otherSite = TestServer.await(server.vertx.createHttpServer()
        .requestHandler(request -> request.response().putHeader("Content-Type", "text/html; charset=utf-8")
            .end(framingPage(dashboard)))
        .listen(0, "127.0.0.1"));
    browser = HeadlessChromium.start(profile, List.of());
    NetworkLog network = new NetworkLog(browser);
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(50));

    browser.get("http://127.0.0.1:" + otherSite.actualPort() + "/");
    wait.until(d -> Boolean.TRUE.equals(browser.executeScript("return window.frameLoaded === true")));
    // the dashboard was answered (so the frame had its chance to show it), and nothing after it was requested
    wait.until(d -> network.exchanges().stream().anyMatch(e -> e.url().equals(dashboard) && e.status() == 200));

    browser.switchTo().frame("dashboard");
    assertThat(browser.findElements(By.id("launch-button"))).isEmpty();
    assertThat(browser.findElements(By.id("campaign-launch"))).isEmpty();
    browser.switchTo().defaultContent();
    assertThat(network.exchanges()).extracting(NetworkLog.Exchange::url)
        .noneMatch(url -> url.startsWith(server.url("/api/")))
        .noneMatch(url -> url.endsWith("/app.js"));
    assertThat(server.simulator.stats().getLong("requests")).isZero();
  }

  private static String framingPage(String dashboard) {
    return """
        <!doctype html>
        <html><body>
        <p>A page elsewhere, with a frame on top of which a button could be drawn.</p>
        <iframe name="dashboard" src="DASHBOARD" width="1200" height="800"
                onload="window.frameLoaded = true"></iframe>
        </body></html>
        """.replace("DASHBOARD", dashboard);
  }
}
