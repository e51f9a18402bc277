package dev.bulklaunch.cli;

import dev.bulklaunch.campaign.CampaignException;
import dev.bulklaunch.campaign.CampaignSource;
import dev.bulklaunch.campaign.CampaignTally;
import dev.bulklaunch.config.ConfigException;
import dev.bulklaunch.config.LauncherConfig;
import dev.bulklaunch.launch.RetryPolicy;
import dev.bulklaunch.lemlist.ApiKey;
import dev.bulklaunch.lemlist.LemlistReads;
import dev.bulklaunch.pacing.KeyScheduler;
import dev.bulklaunch.runtime.EventLoopScheduler;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --campaign}: the review queues of the campaigns, read into a temporary file of lead IDs (no personal field)
 * before anything is launched, then an input of the run like a file. Deleted at the end of the run.
 */
final class CampaignQueue implements AutoCloseable {

  private final Path file;

  private CampaignQueue(Path file) {
    this.file = file;
  }

  /**
   * Exports every campaign and prints its summary line. An unknown campaign is a {@link ConfigException} (exit 2);
   * a refused key or a broken export a {@link CampaignException} (exit 3).
   */
  static CampaignQueue export(Vertx vertx, LauncherConfig config, ApiKey key, String baseUrl, KeyScheduler scheduler,
                              EventLoopScheduler loop, Console console) throws IOException {
    CampaignQueue queue = new CampaignQueue(Files.createTempFile("lemlist-review-queue-", ".ndjson"));
    LemlistReads reads = new LemlistReads(vertx, baseUrl, key, config.timeout());
    try {
      List<CampaignTally> tallies = new CampaignSource(reads, scheduler, RetryPolicy.withRetries(config.retries()), loop)
          .queueToFile(vertx, config.campaigns(), queue.file, loop).blockingGet();
      tallies.forEach(tally -> console.line(tally.summaryLine()));
      return queue;
    } catch (CampaignException e) {
      queue.close();
      if (e.reason() == CampaignException.Reason.NOT_FOUND) {
        throw new ConfigException(e.getMessage() + "; nothing was sent");
      }
      throw e;
    } finally {
      reads.close();
    }
  }

  Path file() {
    return file;
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a temporary file of IDs only: the system's cleaner gets it
    }
  }
}
