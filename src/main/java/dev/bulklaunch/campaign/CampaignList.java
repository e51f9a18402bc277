package dev.bulklaunch.campaign;

import dev.bulklaunch.campaign.CampaignException.Reason;
import dev.bulklaunch.lemlist.Attempt;
import dev.bulklaunch.lemlist.LemlistReads;
import dev.bulklaunch.lemlist.ReadAnswer;
import dev.bulklaunch.pacing.PermitSource;
import dev.bulklaunch.send.PacedSend;
import dev.bulklaunch.send.RetryPolicy;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The key's campaigns ({@code GET /campaigns?version=v2}), every page of 100, each reduced to {@code _id},
 * {@code name} and {@code status}. lemlist documents a bare array and answers v2 with {@code {"campaigns":[...]}}:
 * both are read. A short page is the last one.
 */
public final class CampaignList {

  static final int PAGE = 100;
  /** A server that keeps sending full pages stops here rather than never. */
  private static final int MAX_PAGES = 1_000;

  private final LemlistReads reads;
  private final PacedSend paced;

  public CampaignList(LemlistReads reads, PermitSource permits, RetryPolicy retry, Scheduler timer) {
    this.reads = reads;
    this.paced = PacedSend.reads(permits, retry, timer);
  }

  public Flowable<JsonObject> campaigns() {
    return Flowable.defer(() -> {
      Set<String> seen = new HashSet<>();
      // a page that brings nothing new ends the list too: a server that ignores offset would repeat its first page
      return Flowable.range(0, MAX_PAGES)
          .concatMapSingle(page -> page(page * PAGE))
          .takeUntil(page -> page.size() < PAGE || page.stream().noneMatch(c -> seen.contains(c.getString("_id"))))
          .concatMapIterable(page -> page.stream().filter(c -> seen.add(c.getString("_id"))).toList());
    });
  }

  private Single<List<JsonObject>> page(int offset) {
    return paced.read(() -> reads.campaigns(offset, PAGE))
        .flatMap(answer -> answer.body() == null ? Single.error(refusal(answer))
            : Single.fromCompletionStage(whole(answer.body()).map(CampaignList::campaignsIn).toCompletionStage()));
  }

  private static Future<Buffer> whole(ReadStream<Buffer> body) {
    Promise<Buffer> done = Promise.promise();
    Buffer all = Buffer.buffer();
    body.handler(all::appendBuffer).exceptionHandler(done::tryFail).endHandler(v -> done.tryComplete(all));
    body.resume();
    return done.future();
  }

  static List<JsonObject> campaignsIn(Buffer body) {
    String text = body.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
    Object json;
    try {
      json = text.startsWith("[") ? new JsonArray(text) : text.startsWith("{") ? new JsonObject(text) : null;
    } catch (io.vertx.core.json.DecodeException e) {
      json = null;
    }
    JsonArray array = json instanceof JsonArray a ? a
        : json instanceof JsonObject o && o.getValue("campaigns") instanceof JsonArray a ? a : null;
    if (array == null) {
      throw new CampaignException(Reason.FAILED, "GET /campaigns: the answer is neither an array nor {\"campaigns\":[...]}");
    }
    List<JsonObject> campaigns = new ArrayList<>();
    for (Object item : array) {
      if (item instanceof JsonObject c && c.getValue("_id") instanceof String) {
        campaigns.add(new JsonObject().put("_id", c.getString("_id")).put("name", c.getValue("name"))
            .put("status", c.getValue("status")));
      }
    }
    return campaigns;
  }

  private static CampaignException refusal(ReadAnswer answer) {
    Attempt attempt = answer.attempt();
    return new CampaignException(attempt.kind() == Attempt.Kind.FATAL ? Reason.REFUSED : Reason.FAILED,
        "GET /campaigns: " + attempt.message());
  }
}
