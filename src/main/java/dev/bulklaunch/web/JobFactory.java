package dev.bulklaunch.web;

import dev.bulklaunch.config.LauncherConfig;
import dev.bulklaunch.input.InputOptions;
import dev.bulklaunch.input.InputRecord;
import dev.bulklaunch.input.LeadIdSet;
import dev.bulklaunch.input.LeadInput;
import dev.bulklaunch.launch.JobSettings;
import dev.bulklaunch.launch.LaunchJob;
import dev.bulklaunch.launch.RetryPolicy;
import dev.bulklaunch.launch.SendTrace;
import dev.bulklaunch.lemlist.ApiKey;
import dev.bulklaunch.lemlist.LeadSender;
import dev.bulklaunch.lemlist.LemlistClient;
import dev.bulklaunch.pacing.KeyScheduler;
import dev.bulklaunch.pacing.KeySchedulers;
import dev.bulklaunch.runtime.EventLoopScheduler;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * Builds the server's jobs the way the command line builds its run: same settings, same client, and the key's one
 * scheduler from the process's {@link KeySchedulers}, so every job on a key shares its budget.
 */
public final class JobFactory {

  private final LauncherConfig config;
  private final EventLoopScheduler loop;
  private final KeyScheduler keyScheduler;
  private final LeadSender sender;

  public JobFactory(Vertx vertx, LauncherConfig config, KeySchedulers schedulers, EventLoopScheduler loop,
                    ApiKey key, String baseUrl) {
    this.config = config;
    this.loop = loop;
    this.keyScheduler = schedulers.forKey(baseUrl, key, config.rate());
    this.sender = new LemlistClient(io.vertx.rxjava3.core.Vertx.newInstance(vertx), baseUrl, key, config.timeout(),
        config.maxInFlight());
  }

  public LaunchJob create(boolean dryRun, LeadIdSet alreadyFinal) {
    return create(dryRun, alreadyFinal, SendTrace.NONE);
  }

  /** @param trace what an interrupted earlier run of this job sent, and where this one notes its sends */
  public LaunchJob create(boolean dryRun, LeadIdSet alreadyFinal, SendTrace trace) {
    LeadSender jobSender = dryRun ? id -> Single.error(new IllegalStateException("dry run sends nothing")) : sender;
    return new LaunchJob(new JobSettings(config.maxInFlight(), RetryPolicy.withRetries(config.retries()), dryRun),
        keyScheduler, jobSender, alreadyFinal, loop, dryRun ? SendTrace.NONE : trace);
  }

  /** Parses uploaded bytes into records, handed to the jobs' event loop as the command line does. */
  public Flowable<InputRecord> records(Flowable<Buffer> bytes) {
    InputOptions options = new InputOptions().setLeadIdPattern(config.leadIdPattern())
        .setMaxLineBytes(config.maxLineBytes());
    return LeadInput.records(bytes, options).observeOn(loop, false, 256);
  }

  public int chunkBytes() {
    return new InputOptions().getChunkBytes();
  }

  public LauncherConfig config() {
    return config;
  }

  public EventLoopScheduler loop() {
    return loop;
  }
}
