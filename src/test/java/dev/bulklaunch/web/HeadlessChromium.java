package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Chromium for the browser tests, with the DevTools network log and the console log on: skipped, with the install
 * command, where Chromium is absent on a developer's machine; a failure in CI (CI=true).
 */
final class HeadlessChromium {

  private static final String CHROMIUM = System.getProperty("chromium.binary", "/usr/bin/chromium");
  private static final String CHROMEDRIVER = System.getProperty("chromedriver.path", "/usr/bin/chromedriver");

  private HeadlessChromium() {
  }

  /** @param extraArguments further Chromium flags, e.g. {@code --host-resolver-rules=...} */
  static ChromeDriver start(Path profile, List<String> extraArguments) {
    boolean installed = new File(CHROMIUM).canRead() && new File(CHROMEDRIVER).canRead();
    Assumptions.assumeTrue(installed || "true".equals(System.getenv("CI")),
        "browser test skipped: apt-get install -y chromium chromium-driver (bash .ci/run does)");
    assertThat(new File(CHROMIUM)).as("Chromium at " + CHROMIUM + ": apt-get install -y chromium chromium-driver")
        .canRead();
    assertThat(new File(CHROMEDRIVER)).as("chromedriver at " + CHROMEDRIVER + ": apt-get install -y chromium-driver")
        .canRead();
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox",
        "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run",
        "--disable-component-update", "--disable-sync", "--window-size=1400,1000", "--user-data-dir=" + profile);
    options.addArguments(extraArguments);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(1400, 1000));
    return driver;
  }
}
