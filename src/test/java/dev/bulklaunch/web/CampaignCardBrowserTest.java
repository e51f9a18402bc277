package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulklaunch.campaign.ExportProbe;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's campaign card in headless Chromium, on a server whose keyring has two teams' keys and none named
 * default: the card loads the first key's campaigns without an error, and a launch asks first, with the preview's
 * count, and launches only on yes.
 */
class CampaignCardBrowserTest extends ServerFixture {

  private static final String KEYS = "acme=acme-SECRET-3a9c,beta=beta-SECRET-77e1";

  @TempDir
  Path profile;

  private ChromeDriver browser;
  private WebDriverWait wait;
  private NetworkLog network;

  @BeforeEach
  void open() throws Exception {
    server = TestServer.startWithKeys(dataDir, KEYS);
    browser = HeadlessChromium.start(profile, List.of());
    network = new NetworkLog(browser);
    wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(50));
    browser.get(server.url("/"));
    wait.until(d -> text("campaign-select").contains("Demo: spring outreach"));
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void aKeyringWithoutDefaultLoadsTheFirstKeysCampaignsAndShowsNoErrorNorAsksForAKeyItLacks() throws Exception {
    assertThat(value("campaign-key")).isEqualTo("acme");
    assertThat(value("key-select")).isEqualTo("acme");
    assertThat(text("campaign-message")).isEmpty();

    new Select(browser.findElement(By.id("campaign-select"))).selectByValue("cam_demo");
    browser.findElement(By.id("campaign-preview")).click();
    wait.until(d -> text("campaign-preview-result").contains("selected to launch"));
    new Select(browser.findElement(By.id("campaign-key"))).selectByValue("beta");
    wait.until(d -> network.exchanges().stream().anyMatch(e -> e.url().endsWith("/api/campaigns?key=beta")
        && e.status() == 200));
    wait.until(d -> text("campaign-select").contains("Demo: spring outreach"));

    assertThat(text("campaign-message")).isEmpty();
    List<NetworkLog.Exchange> exchanges = network.exchanges();
    assertThat(exchanges).extracting(NetworkLog.Exchange::url).noneMatch(url -> url.contains("key=default"))
        .anyMatch(url -> url.endsWith("/api/campaigns?key=acme"));
    assertThat(exchanges).allSatisfy(e -> assertThat(e.status()).as(e.url()).isIn(0, 200));
    assertThat(network.consoleErrors()).isEmpty();
    assertThat(browser.getPageSource()).doesNotContain("SECRET");
  }

  @Test
  void theFaviconIsServedAndLinkedFromThePage() throws Exception {
    HttpResponse<String> icon = server.get("/favicon.svg");
    assertThat(icon.statusCode()).isEqualTo(200);
    assertThat(icon.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("image/svg+xml"));
    assertThat(icon.body()).startsWith("<svg");
    assertThat(browser.executeScript("return document.querySelector('link[rel=icon]').href"))
        .isEqualTo(server.url("/favicon.svg"));
  }

  @Test
  void aCampaignLaunchAsksWithThePreviewsCountAndLaunchesNothingOnNoAndTheReviewQueueOnYes() throws Exception {
    Set<String> expected = new ExportProbe(server.simulator.baseUrl(), "acme-SECRET-3a9c")
        .reviewLeads("cam_demo", Set.of());
    new Select(browser.findElement(By.id("campaign-select"))).selectByValue("cam_demo");
    browser.findElement(By.id("campaign-preview")).click();
    wait.until(d -> text("campaign-preview-result").contains("selected to launch"));
    server.simulator.reset();
    String question = "Launch " + String.format(Locale.US, "%,d", expected.size())
        + " leads of campaign Demo: spring outreach with key acme?";

    browser.findElement(By.id("campaign-launch")).click();
    Alert no = wait.until(ExpectedConditions.alertIsPresent());
    assertThat(no.getText()).isEqualTo(question);
    no.dismiss();
    wait.until(d -> text("campaign-message").equals("Not launched."));
    assertThat(jobs()).isEmpty();
    JsonObject afterNo = server.simulator.stats();
    assertThat(afterNo.getLong("requests")).as("requests at lemlist after no").isZero();
    assertThat(afterNo.getLong("exports")).isZero();
    assertThat(afterNo.getLong("launches")).isZero();

    browser.findElement(By.id("campaign-launch")).click();
    Alert yes = wait.until(ExpectedConditions.alertIsPresent());
    assertThat(yes.getText()).isEqualTo(question);
    yes.accept();
    wait.until(d -> "100".equals(d.findElement(By.id("progress")).getAttribute("aria-valuenow"))
        && text("job-state").startsWith("DONE"));

    assertThat(jobs()).hasSize(1);
    String jobId = text("job-id");
    JsonArray results = TestServer.lines(server.get("/api/jobs/" + jobId + "/results").body());
    assertThat(results.stream().map(r -> ((JsonObject) r).getString("leadId")).collect(Collectors.toSet()))
        .isEqualTo(expected);
    assertThat(server.simulator.stats().getLong("launches")).isEqualTo(expected.size());
    assertThat(text("job-key")).isEqualTo("acme");
  }

  private JsonArray jobs() throws Exception {
    return new JsonObject(server.get("/api/jobs").body()).getJsonArray("jobs");
  }

  private String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private String value(String id) {
    return browser.findElement(By.id(id)).getAttribute("value");
  }
}
