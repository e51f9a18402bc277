package dev.bulklaunch.campaign;

import dev.bulklaunch.campaign.CampaignException.Reason;
import dev.bulklaunch.config.CampaignOptions;
import dev.bulklaunch.lemlist.Attempt;
import dev.bulklaunch.lemlist.LemlistReads;
import dev.bulklaunch.lemlist.ReadAnswer;
import dev.bulklaunch.pacing.PermitSource;
import dev.bulklaunch.send.PacedSend;
import dev.bulklaunch.send.RetryPolicy;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.WriteStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Lead input from lemlist itself: the leads of campaigns that wait for review. Each campaign's export is read as a
 * stream and each selected lead becomes one NDJSON line {@code {"leadId":..,"campaignId":..}} in {@code queue}
 * (a spool file), which then feeds the same pipeline as a file or an upload (the {@code campaignId} carries into the
 * output). Every campaign is exported before the first launch, so an unknown one stops the run before anything is
 * sent. Only a lead's ID, status and emailStatus are looked at; its personal fields are never kept or written.
 */
public final class CampaignSource {

  private final LemlistReads reads;
  private final PacedSend paced;

  /** @param permits the key's scheduler: exports take its permits like launches do */
  public CampaignSource(LemlistReads reads, PermitSource permits, RetryPolicy retry, Scheduler timer) {
    this.reads = reads;
    this.paced = PacedSend.reads(permits, retry, timer);
  }

  /** Exports the campaigns one after the other into {@code queue}; emits one tally per campaign, in order. */
  public Single<List<CampaignTally>> queueReviewLeads(CampaignOptions campaigns, WriteStream<Buffer> queue) {
    return Flowable.fromIterable(campaigns.campaignIds())
        .concatMapSingle(id -> queueOne(id, campaigns, queue))
        .toList();
  }

  /**
   * {@link #queueReviewLeads} into {@code file} (created or emptied), closed when done. Runs on {@code loop}, the
   * key scheduler's event loop, so the file and the exports answer there.
   */
  public Single<List<CampaignTally>> queueToFile(Vertx vertx, CampaignOptions campaigns, Path file, Scheduler loop) {
    return Single.defer(() -> Single.fromCompletionStage(vertx.fileSystem().open(file.toString(),
                new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true)).toCompletionStage())
            .flatMap(out -> queueReviewLeads(campaigns, out)
                .flatMap(tallies -> Completable.fromCompletionStage(out.close().toCompletionStage())
                    .andThen(Single.just(tallies)))
                .doOnError(error -> out.close())))
        .subscribeOn(loop);
  }

  private Single<CampaignTally> queueOne(String campaignId, CampaignOptions campaigns, WriteStream<Buffer> queue) {
    return paced.read(() -> reads.exportLeads(campaignId)).flatMap(answer -> {
      checkAnswer(campaignId, answer);
      CampaignTally tally = new CampaignTally(campaignId);
      return Single.fromCompletionStage(ExportReader.read(answer.body(), answer.contentType(), lead -> {
        boolean selected = lead.waitingForReview() && campaigns.passes(lead.emailStatus());
        tally.counted(lead, selected);
        if (selected) {
          queue.write(Buffer.buffer(new JsonObject().put("leadId", lead.id()).put("campaignId", campaignId).encode() + "\n"));
        }
      }, queue).toCompletionStage())
          .onErrorResumeNext(error -> Single.error(new CampaignException(Reason.FAILED, "campaign " + campaignId
              + ": the export broke off after " + tally.leads() + " leads (" + error.getMessage()
              + "); nothing was launched, run again")))
          .map(leads -> tally);
    });
  }

  static void checkAnswer(String campaignId, ReadAnswer answer) {
    Attempt attempt = answer.attempt();
    int status = attempt.http();
    if (answer.body() != null) {
      return;
    }
    if (status == 404) {
      throw new CampaignException(Reason.NOT_FOUND, "campaign " + campaignId + ": lemlist does not know this campaign "
          + "(404); scripts/launch campaigns lists the key's campaigns");
    }
    if (attempt.kind() == Attempt.Kind.FATAL) {
      throw new CampaignException(Reason.REFUSED, "campaign " + campaignId + ": " + attempt.message());
    }
    throw new CampaignException(Reason.FAILED, "campaign " + campaignId + ": the export failed: "
        + (status == 0 ? attempt.code() : "HTTP " + status) + " " + attempt.message());
  }
}
