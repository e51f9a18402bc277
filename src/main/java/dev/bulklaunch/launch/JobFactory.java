package dev.bulklaunch.launch;

import dev.bulklaunch.campaign.CampaignReader;
import dev.bulklaunch.config.LauncherConfig;
import dev.bulklaunch.input.InputOptions;
import dev.bulklaunch.input.InputRecord;
import dev.bulklaunch.input.LeadInput;
import dev.bulklaunch.lemlist.ApiKey;
import dev.bulklaunch.lemlist.LeadSender;
import dev.bulklaunch.lemlist.LemlistClient;
import dev.bulklaunch.pacing.KeyScheduler;
import dev.bulklaunch.pacing.KeySchedulers;
import dev.bulklaunch.pacing.Lanes;
import dev.bulklaunch.runtime.EventLoopScheduler;
import dev.bulklaunch.send.RetryPolicy;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * Builds launch jobs from the settings, for the command line's run and the server's jobs alike: one client, and the
 * key's one scheduler from the process's {@link KeySchedulers}, so every job on a key shares its budget.
 */
public final class JobFactory {

  private static final LeadSender SENDS_NOTHING = id -> Single.error(new IllegalStateException("dry run sends nothing"));
  /** Records parsed ahead of the event loop: enough to keep it busy, little enough to hold no memory to speak of. */
  private static final int RECORDS_AHEAD = 256;

  private final LauncherConfig config;
  private final EventLoopScheduler loop;
  private final KeyScheduler keyScheduler;
  private final Lanes lanes;
  private final Vertx vertx;
  private final ApiKey key;
  private final String baseUrl;
  private final InputOptions inputOptions;
  private LeadSender sender;
  private CampaignReader campaigns;

  public JobFactory(Vertx vertx, LauncherConfig config, KeySchedulers schedulers, EventLoopScheduler loop,
                    ApiKey key, String baseUrl) {
    this(vertx, config, schedulers, loop, key, baseUrl, "default", LaneRouting.LOCAL);
  }

  /** @param routing where the key's permits come from: this process's scheduler, or a cluster's owner of the key */
  public JobFactory(Vertx vertx, LauncherConfig config, KeySchedulers schedulers, EventLoopScheduler loop,
                    ApiKey key, String baseUrl, String keyName, LaneRouting routing) {
    this.config = config;
    this.loop = loop;
    // the client below is the key's, its pool config.maxInFlight() connections: the scheduler's cap on permits out
    this.keyScheduler = schedulers.forKey(key.fingerprint(baseUrl), config.rate(), config.maxInFlight());
    this.lanes = routing.lanes(keyName, key.fingerprint(baseUrl), keyScheduler, loop);
    this.vertx = vertx;
    this.key = key;
    this.baseUrl = baseUrl;
    this.inputOptions = new InputOptions().setLeadIdPattern(config.leadIdPattern())
        .setMaxLineBytes(config.maxLineBytes());
  }

  /**
   * @param earlier what earlier runs of this job settled
   * @param trace   what an interrupted earlier run of this job sent, and where this one notes its sends
   */
  public LaunchJob create(boolean dryRun, EarlierRun earlier, SendTrace trace) {
    return new LaunchJob(new JobSettings(config.maxInFlight(), RetryPolicy.withRetries(config.retries()), dryRun),
        lanes, dryRun ? SENDS_NOTHING : sender(), earlier, loop, dryRun ? SendTrace.NONE : trace);
  }

  // Made for the first job that sends: a dry run has no use for a client.
  private synchronized LeadSender sender() {
    if (sender == null) {
      LemlistClient client = new LemlistClient(vertx, baseUrl, key, config.timeout(), config.maxInFlight());
      // on the loop its requests are made on: a connection belongs to the loop that opened it
      loop.context().runOnContext(ahead -> client.connectAhead(config.maxInFlight()));
      sender = client;
    }
    return sender;
  }

  /** Reads the key's campaigns (list, review queues), paced by the key's scheduler like its launches. */
  public synchronized CampaignReader campaigns() {
    if (campaigns == null) {
      campaigns = new CampaignReader(vertx, baseUrl, key, lanes.newLane(), config.timeout(),
          RetryPolicy.withRetries(config.retries()), loop);
    }
    return campaigns;
  }

  /**
   * Parses each input's bytes into records, one input after the other (a last line without its newline stays in
   * its own input), handed to the jobs' event loop.
   */
  public Flowable<InputRecord> records(Flowable<Flowable<Buffer>> inputs) {
    return inputs.concatMap(bytes -> LeadInput.records(bytes, inputOptions))
        .observeOn(loop, false, RECORDS_AHEAD);
  }

  public int chunkBytes() {
    return inputOptions.getChunkBytes();
  }

  /** The key's one scheduler, for views of its budget (GET /api/keys, /metrics). */
  public KeyScheduler scheduler() {
    return keyScheduler;
  }

  public LauncherConfig config() {
    return config;
  }

  public EventLoopScheduler loop() {
    return loop;
  }
}
