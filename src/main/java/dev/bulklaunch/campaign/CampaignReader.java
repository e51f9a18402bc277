package dev.bulklaunch.campaign;

import dev.bulklaunch.config.CampaignOptions;
import dev.bulklaunch.lemlist.ApiKey;
import dev.bulklaunch.lemlist.LemlistReads;
import dev.bulklaunch.pacing.PermitSource;
import dev.bulklaunch.send.RetryPolicy;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.WriteStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the server reads of lemlist's campaigns for one API key: its campaign list, a campaign's review queue counted
 * (the dashboard's preview) and the review queue spooled for a job. The key and its scheduler are given, not looked
 * up, so each key of a keyring can have its own reader.
 */
public final class CampaignReader {

  private final Vertx vertx;
  private final LemlistReads reads;
  private final CampaignSource source;
  private final CampaignList list;
  private final Scheduler loop;

  /** @param scheduler the key's scheduler, shared with its launches; {@code loop} is the event loop it runs on */
  public CampaignReader(Vertx vertx, String baseUrl, ApiKey key, PermitSource scheduler, Duration timeout,
                        RetryPolicy retry, Scheduler loop) {
    this.vertx = vertx;
    this.reads = new LemlistReads(vertx, baseUrl, key, timeout);
    this.source = new CampaignSource(reads, scheduler, retry, loop);
    this.list = new CampaignList(reads, scheduler, retry, loop);
    this.loop = loop;
  }

  public Single<List<JsonObject>> campaigns() {
    return list.campaigns().toList().subscribeOn(loop);
  }

  /** Counts a campaign's review queue without keeping any of it: what a dry run would select. */
  public Single<CampaignTally> preview(CampaignOptions campaign) {
    return source.queueReviewLeads(campaign, new Discard()).map(tallies -> tallies.get(0)).subscribeOn(loop);
  }

  public Single<List<CampaignTally>> queueToFile(CampaignOptions campaigns, Path file) {
    return source.queueToFile(vertx, campaigns, file, loop);
  }

  public void close() {
    reads.close();
  }

  private static final class Discard implements WriteStream<Buffer> {
    @Override
    public WriteStream<Buffer> exceptionHandler(io.vertx.core.Handler<Throwable> handler) {
      return this;
    }

    @Override
    public io.vertx.core.Future<Void> write(Buffer data) {
      return io.vertx.core.Future.succeededFuture();
    }

    @Override
    public io.vertx.core.Future<Void> end() {
      return io.vertx.core.Future.succeededFuture();
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return false;
    }

    @Override
    public WriteStream<Buffer> drainHandler(io.vertx.core.Handler<Void> handler) {
      return this;
    }
  }
}
