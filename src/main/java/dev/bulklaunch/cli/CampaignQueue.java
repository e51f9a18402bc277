package dev.bulklaunch.cli;

import dev.bulklaunch.campaign.CampaignException;
import dev.bulklaunch.campaign.CampaignReader;
import dev.bulklaunch.campaign.CampaignTally;
import dev.bulklaunch.config.ConfigException;
import dev.bulklaunch.config.LauncherConfig;
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
  static CampaignQueue export(LauncherConfig config, CampaignReader reader, Console console) throws IOException {
    CampaignQueue queue = new CampaignQueue(Files.createTempFile("lemlist-review-queue-", ".ndjson"));
    try {
      List<CampaignTally> tallies = reader.queueToFile(config.campaigns(), queue.file).blockingGet();
      tallies.forEach(tally -> console.line(tally.summaryLine()));
      return queue;
    } catch (CampaignException e) {
      queue.close();
      if (e.reason() == CampaignException.Reason.NOT_FOUND) {
        throw new ConfigException(e.getMessage() + "; nothing was sent");
      }
      throw e;
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
