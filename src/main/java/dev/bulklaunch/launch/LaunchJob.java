package dev.bulklaunch.launch;

import dev.bulklaunch.input.InputRecord;
import dev.bulklaunch.input.LeadIdSet;
import dev.bulklaunch.lemlist.ErrorCodes;
import dev.bulklaunch.lemlist.LeadSender;
import dev.bulklaunch.pacing.Lanes;
import dev.bulklaunch.result.LeadResult;
import dev.bulklaunch.result.Status;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import java.time.Instant;

/**
 * One bulk launch: input records in, exactly one {@link LeadResult} out per input lead, as each finishes.
 * Invalid IDs, repeats and leads the journal already finished are answered without a request; the rest go
 * through the key's scheduler, at most {@code maxInFlight} at a time. Backpressure runs end to end: when
 * results are not consumed, input is not read.
 */
public final class LaunchJob {

  private final JobSettings settings;
  private final JobControl control;
  private final JobStats stats;
  private final LeadLauncher launcher;
  private final EarlierRun earlier;
  private final LeadIdSet seen = new LeadIdSet();

  /**
   * @param earlier what earlier runs settled: leads final there are reported RESUMED, lines already answered are
   *                not answered again
   * @param timer   the scheduler of the job's event loop, for backoff timers
   * @param trace   what an earlier, interrupted run sent, and where this one notes its sends
   */
  public LaunchJob(JobSettings settings, Lanes scheduler, LeadSender sender, EarlierRun earlier,
                   Scheduler timer, SendTrace trace) {
    this.settings = settings;
    this.control = new JobControl();
    this.stats = new JobStats();
    this.earlier = earlier;
    this.launcher = new LeadLauncher(scheduler, sender, control, stats, settings.retry(), timer, trace);
    stats.carryOver(earlier.answeredCounts());
  }

  public JobControl control() {
    return control;
  }

  public JobStats stats() {
    return stats;
  }

  public Flowable<LeadResult> run(Flowable<InputRecord> records) {
    return records
        .takeUntil(control.inputClosed())
        .doOnNext(record -> stats.leadRead())
        .doOnComplete(stats::inputComplete)
        .flatMapSingle(this::resolve, false, settings.maxInFlight())
        .filter(result -> !earlier.answered(result))
        .doOnNext(stats::finished)
        .doFinally(stats::ended);
  }

  private Single<LeadResult> resolve(InputRecord record) {
    Single<LeadResult> result = answer(record);
    return record.campaignId() == null ? result : result.map(answer -> answer.withCampaignId(record.campaignId()));
  }

  private Single<LeadResult> answer(InputRecord record) {
    if (!record.valid()) {
      return Single.just(answered(record, Status.FAILED, ErrorCodes.INVALID_LEAD_ID, record.problem()));
    }
    if (!seen.add(record.leadId())) {
      return Single.just(answered(record, Status.SKIPPED, ErrorCodes.DUPLICATE, "repeated in the input: sent once"));
    }
    if (earlier.isFinal(record.leadId())) {
      return Single.just(answered(record, Status.SKIPPED, ErrorCodes.RESUMED, "already final in the journal"));
    }
    if (settings.dryRun()) {
      return Single.just(answered(record, Status.SKIPPED, "DRY_RUN", "valid; not sent (dry run)"));
    }
    return launcher.launch(record.leadId(), record.line());
  }

  private static LeadResult answered(InputRecord record, Status status, String code, String message) {
    return new LeadResult(record.leadId(), status, code, 0, message, 0, 0, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), record.line());
  }
}
