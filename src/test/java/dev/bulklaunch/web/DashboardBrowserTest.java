package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium: paste IDs, launch, watch the bar reach 100% and the counts match the results.
 * Needs the Debian packages chromium and chromium-driver (paths overridable with -Dchromium.binary and
 * -Dchromedriver.path), which {@code .ci/run} installs. Without them it fails in CI (CI=true) and is skipped, with
 * the install command, on a developer's machine: the quick start's test command must pass with Java and Maven alone.
 */
class DashboardBrowserTest extends ServerFixture {

  @TempDir
  Path profile;

  private WebDriver browser;

  // Runs before the fixture closes the server: the page goes first.
  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  private WebDriver startBrowser() {
    return HeadlessChromium.start(profile, List.of());
  }

  @Test
  void pastedIdsLaunchFromThePageAndTheBarReachesFullWithCountsMatchingTheResults() throws Exception {
    server = TestServer.start(dataDir);
    browser = startBrowser();
    // tall enough for the screenshot to show the whole campaign card with its preview
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1250));
    browser.get(server.url("/"));
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(50));
    wait.until(d -> d.findElement(By.id("connection")).getText().equals("live"));
    wait.until(d -> d.findElement(By.id("campaign-select")).getText().contains("Demo: spring outreach"));
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("campaign-select"))).selectByValue("cam_demo");
    browser.findElement(By.id("campaign-preview")).click();
    wait.until(d -> d.findElement(By.id("campaign-preview-result")).getText().contains("selected to launch"));

    String ids = "lea_nosender1\nlea_done2\nlea_notfound3\nnot-an-id\n" + TestServer.ids("web", 300);
    ((JavascriptExecutor) browser).executeScript("document.getElementById('paste-input').value = arguments[0];", ids);
    browser.findElement(By.id("job-name")).sendKeys("browser test");
    browser.findElement(By.id("launch-button")).click();

    wait.until(d -> {
      int pct = Integer.parseInt(d.findElement(By.id("progress")).getAttribute("aria-valuenow"));
      return pct >= 30 && pct < 90 && !d.findElement(By.id("failures")).getText().contains("No failures");
    });
    saveScreenshot();
    wait.until(d -> d.findElement(By.id("progress")).getAttribute("aria-valuenow").equals("100")
        && d.findElement(By.id("job-state")).getText().startsWith("DONE"));

    String jobId = browser.findElement(By.id("job-id")).getText();
    JsonArray results = TestServer.lines(server.get("/api/jobs/" + jobId + "/results").body());
    assertThat(results).hasSize(304);
    assertThat(count("count-launched")).isEqualTo(byStatus(results, "launched")).isEqualTo(300);
    assertThat(count("count-skipped")).isEqualTo(byStatus(results, "skipped")).isEqualTo(1);
    assertThat(count("count-failed")).isEqualTo(byStatus(results, "failed")).isEqualTo(3);
    assertThat(browser.findElement(By.id("failures")).getText())
        .contains("CAMPAIGN_LEAD_REVIEW_LEAD_NOT_FOUND", "INVALID_LEAD_ID");
    assertThat(browser.findElement(By.id("job-list")).getText()).contains("browser test");
    assertThat(browser.findElement(By.id("job-key")).getText()).isEqualTo("default");
    assertThat(browser.findElement(By.id("key-select")).getText()).contains("default");
    wait.until(d -> d.findElement(By.id("key-budgets")).getText().contains("/ 90"));
    assertThat(browser.getPageSource()).doesNotContain("test-key");
  }

  @Test
  void aCampaignIsPickedPreviewedByEmailStatusAndItsReviewQueueLaunchedFromThePage() throws Exception {
    server = TestServer.start(dataDir);
    dev.bulklaunch.campaign.ExportProbe probe = new dev.bulklaunch.campaign.ExportProbe(server.simulator.baseUrl(),
        "test-key");
    java.util.Set<String> waiting = probe.reviewLeads("cam_demo", java.util.Set.of());
    java.util.Set<String> expected = probe.reviewLeads("cam_demo", java.util.Set.of("deliverable", "risky"));
    server.simulator.reset();
    browser = startBrowser();
    browser.get(server.url("/"));
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(50));
    wait.until(d -> d.findElement(By.id("campaign-select")).getText().contains("Demo: spring outreach"));

    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("campaign-select"))).selectByValue("cam_demo");
    browser.findElement(By.cssSelector("#email-status input[value=undeliverable]")).click();
    browser.findElement(By.cssSelector("#email-status input[value=unknown]")).click();
    browser.findElement(By.id("campaign-preview")).click();
    wait.until(d -> d.findElement(By.id("campaign-preview-result")).getText().contains("selected to launch"));
    String preview = browser.findElement(By.id("campaign-preview-result")).getText();
    assertThat(preview).contains("waiting for review " + waiting.size()).contains("selected to launch " + expected.size())
        .contains("deliverable").contains("risky");
    assertThat(server.simulator.stats().getLong("launches")).isZero();

    browser.findElement(By.id("campaign-launch")).click();
    org.openqa.selenium.Alert question = wait.until(
        org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent());
    assertThat(question.getText()).isEqualTo("Launch " + expected.size()
        + " leads of campaign Demo: spring outreach with key default?");
    question.accept();
    wait.until(d -> d.findElement(By.id("progress")).getAttribute("aria-valuenow").equals("100")
        && d.findElement(By.id("job-state")).getText().startsWith("DONE"));

    String jobId = browser.findElement(By.id("job-id")).getText();
    JsonArray results = TestServer.lines(server.get("/api/jobs/" + jobId + "/results").body());
    assertThat(results.stream().map(r -> ((JsonObject) r).getString("leadId")).collect(java.util.stream.Collectors.toSet()))
        .isEqualTo(expected);
    assertThat(results.stream().map(r -> ((JsonObject) r).getString("campaignId"))).containsOnly("cam_demo");
    assertThat(count("count-launched")).isEqualTo(expected.size());
    assertThat(browser.findElement(By.id("job-list")).getText()).contains("campaign cam_demo");
    String page = browser.getPageSource();
    for (String marker : dev.bulklaunch.campaign.ExportProbe.PERSONAL_MARKERS) {
      assertThat(page).doesNotContain(marker);
    }
    CampaignJobApiTest.assertNoPersonalValueUnder(dataDir);
  }

  private long count(String id) {
    return Long.parseLong(browser.findElement(By.id(id)).getText());
  }

  private static long byStatus(JsonArray results, String status) {
    return results.stream().filter(r -> ((JsonObject) r).getString("status").equals(status)).count();
  }

  /** Mid-run screenshot in target/; {@code -Ddashboard.screenshot=docs} also refreshes the README's docs/dashboard.png. */
  private void saveScreenshot() throws Exception {
    Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
    Path target = Files.createDirectories(Path.of(System.getProperty("user.dir"), "target"));
    Files.copy(shot, target.resolve("dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
    if ("docs".equals(System.getProperty("dashboard.screenshot"))) {
      Path docs = Files.createDirectories(Path.of(System.getProperty("user.dir"), "docs"));
      Files.copy(shot, docs.resolve("dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
