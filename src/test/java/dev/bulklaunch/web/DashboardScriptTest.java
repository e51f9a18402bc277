package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's pure scripts (no page state, no clock of their own), run in headless Chromium as the page loads
 * them from the server: numbers in, numbers out.
 */
class DashboardScriptTest extends ServerFixture {

  @TempDir
  Path profile;

  private ChromeDriver browser;

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  private void openDashboard() throws Exception {
    server = TestServer.start(dataDir);
    browser = HeadlessChromium.start(profile, List.of());
    browser.get(server.url("/"));
    new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(50))
        .until(d -> browser.executeScript("return typeof window.RateWindow") != null
            && "object".equals(browser.executeScript("return typeof window.RateWindow")));
  }

  /** {@code RateWindow.windowCount(history, now, sent, windowMs)}; history as alternating t, sent. */
  private Object windowCount(long now, long sent, long windowMs, long... history) {
    return browser.executeScript("""
        const flat = arguments[3], history = [];
        for (let i = 0; i < flat.length; i += 2) history.push({ t: flat[i], sent: flat[i + 1] });
        return window.RateWindow.windowCount(history, arguments[0], arguments[1], arguments[2]);
        """, now, sent, windowMs, toList(history));
  }

  private static List<Long> toList(long[] values) {
    return java.util.Arrays.stream(values).boxed().toList();
  }

  @Test
  void aPageOpenedInTheMiddleOfAJobTakesItsFirstSnapshotAsTheBaselineNotAsOneWindowsRequests() throws Exception {
    openDashboard();
    // the job had sent 185 before the page opened; it sends 20 per second (its limit) from then on
    assertThat(windowCount(10_000, 185, 1_000)).as("first snapshot: nothing to count from yet").isNull();
    assertThat(windowCount(10_500, 195, 1_000, 10_000, 185)).as("half a window since the baseline").isEqualTo(10L);
    assertThat(windowCount(11_000, 205, 1_000, 10_000, 185, 10_500, 195)).isEqualTo(20L);
    assertThat(windowCount(11_500, 215, 1_000, 10_000, 185, 10_500, 195, 11_000, 205)).isEqualTo(20L);
  }

  @Test
  void theJobCardSaysWhoStartedAJobAndTakesAQueuedJobAsWaitingNotFinished() throws Exception {
    openDashboard();
    assertThat(browser.executeScript("return JobCard.startedBy({startedBy: 'acme-ops'})"))
        .isEqualTo(" · started by acme-ops");
    assertThat(browser.executeScript("return JobCard.startedBy({})")).isEqualTo("");
    assertThat(browser.executeScript("return JobCard.isActive('queued')")).isEqualTo(true);
    assertThat(browser.executeScript("return JobCard.controls('queued')"))
        .isEqualTo(java.util.Map.of("pause", false, "resume", false, "cancel", true));
    assertThat(browser.executeScript("return JobCard.controls('interrupted')"))
        .isEqualTo(java.util.Map.of("pause", false, "resume", true, "cancel", false));
    assertThat(browser.executeScript("return JobCard.isActive('done')")).isEqualTo(false);
  }

  @Test
  void theJobCardNamesTheClusterMemberRunningAJobAndNothingOutsideACluster() throws Exception {
    openDashboard();
    assertThat(browser.executeScript("return JobCard.runBy({member: '10.0.0.2:5701'})"))
        .isEqualTo(" · run by 10.0.0.2:5701");
    assertThat(browser.executeScript("return JobCard.runBy({member: null})")).as("in a cluster, run by nobody now")
        .isEqualTo("");
    assertThat(browser.executeScript("return JobCard.runBy({})")).as("outside a cluster").isEqualTo("");
  }

  @Test
  void theWindowStartBetweenTwoSnapshotsIsInterpolatedSoTheCountNeitherDoublesNorDropsAHalfWindow() throws Exception {
    openDashboard();
    // 20 per second throughout: 185 at 10.0 s, 197 at 10.6 s, 211 at 11.3 s; the window starts at 10.3 s (191)
    assertThat(windowCount(11_300, 211, 1_000, 10_000, 185, 10_600, 197)).isEqualTo(20L);
    // a job watched from its start: everything it sent is in the window
    assertThat(windowCount(700, 14, 1_000, 0, 0)).isEqualTo(14L);
  }
}
