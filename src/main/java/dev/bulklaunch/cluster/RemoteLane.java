package dev.bulklaunch.cluster;

import dev.bulklaunch.pacing.AnswerReport;
import dev.bulklaunch.pacing.Permit;
import dev.bulklaunch.pacing.PermitSource;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A job's lane on a key another member owns: permits are asked of the owner over the clustered bus, answers are
 * reported back to it. A request the owner leaves waiting, or that finds no owner (it died, the key is changing
 * hands), is asked again; it never waits on a dead owner.
 */
final class RemoteLane implements PermitSource {

  /** Longer than the owner keeps a request waiting ({@link KeyDesk#LONGEST_WAIT_MS}), so its "not yet" comes first. */
  static final long BUS_TIMEOUT_MS = 6_000;
  /** After no owner answered: how soon to ask again (ownership moves within seconds). */
  static final long RETRY_MS = 200;
  private static final AtomicLong LANES = new AtomicLong();

  private final Vertx vertx;
  private final String address;
  private final String member;
  private final String lane = Long.toString(LANES.incrementAndGet());
  private final AtomicLong requests = new AtomicLong();
  // requests on their way to an owner, by id: asked again at once when a member leaves (it may have been the owner)
  private final java.util.Map<Long, io.reactivex.rxjava3.core.SingleEmitter<Permit>> asking =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final long maxBusMs;
  private final Future<Void> agreed;

  /** @param maxBusMs the most a permit may have been on its way here: the budget's margin covers that much */
  RemoteLane(Vertx vertx, String keyName, String member, long maxBusMs, Future<Void> agreed) {
    this.maxBusMs = maxBusMs;
    this.agreed = agreed;
    this.vertx = vertx;
    this.address = PermitMessages.address(keyName);
    this.member = member;
  }

  /** This lane's name, unique in the process. */
  String name() {
    return lane;
  }

  @Override
  public Single<Permit> acquire() {
    return Single.create(emitter -> agreed.onComplete(check -> {
      if (check.failed()) {
        emitter.tryOnError(check.cause());
      } else {
        ask(emitter, requests.incrementAndGet());
      }
    }));
  }

  private void ask(io.reactivex.rxjava3.core.SingleEmitter<Permit> emitter, long request) {
    if (emitter.isDisposed()) {
      return;
    }
    emitter.setCancellable(() -> {
      asking.remove(request);
      vertx.eventBus().send(address, PermitMessages.cancel(member, lane, request));
    });
    long askedAtNs = System.nanoTime();
    asking.put(request, emitter);
    vertx.eventBus().<JsonObject>request(address, PermitMessages.acquire(member, lane, request),
        new DeliveryOptions().setSendTimeout(BUS_TIMEOUT_MS)).onComplete(reply -> {
      if (asking.remove(request) == null) {
        // asked again meanwhile (a member left) or withdrawn: a permit granted all the same goes back
        if (reply.succeeded()) {
          abandon(PermitMessages.permit(reply.result().body()));
        }
        return;
      }
      if (reply.succeeded()) {
        Permit permit = PermitMessages.permit(reply.result().body());
        long roundTripMs = (System.nanoTime() - askedAtNs) / 1_000_000;
        long busMs = roundTripMs - reply.result().body().getLong("waitedMs", 0L);
        if (emitter.isDisposed()) {
          abandon(permit);
        } else if (busMs > maxBusMs) {
          // The owner counted this request as sent when it granted it; it would arrive up to busMs later than
          // counted (a loaded machine, a slow network). Not sending it is safe: the budget only over-counts.
          abandon(permit);
          ask(emitter, requests.incrementAndGet());
        } else {
          emitter.onSuccess(permit);
        }
      } else if (reply.cause() instanceof ReplyException refused && refused.failureCode() == PermitMessages.NOT_YET) {
        ask(emitter, request);
      } else {
        // no owner right now (it died, or the key is changing hands), or a lost reply: ask the next owner
        vertx.setTimer(RETRY_MS, id -> ask(emitter, request));
      }
    });
  }

  /**
   * A member left: a request on its way to it would wait out {@link #BUS_TIMEOUT_MS} unanswered, so every request on
   * its way is withdrawn and asked again of whoever owns the key now.
   */
  void askAgain() {
    for (Long request : java.util.List.copyOf(asking.keySet())) {
      io.reactivex.rxjava3.core.SingleEmitter<Permit> emitter = asking.remove(request);
      if (emitter != null) {
        vertx.eventBus().send(address, PermitMessages.cancel(member, lane, request));
        ask(emitter, requests.incrementAndGet());
      }
    }
  }

  @Override
  public Single<Boolean> report(Permit permit, AnswerReport answer) {
    return Single.create(emitter -> vertx.eventBus().<Boolean>request(address, PermitMessages.report(member, permit, answer),
        new DeliveryOptions().setSendTimeout(BUS_TIMEOUT_MS)).onComplete(reply ->
        // an owner that died with the report on its way: the next owner starts from a whole window anyway
        emitter.onSuccess(reply.succeeded() && Boolean.TRUE.equals(reply.result().body()))));
  }

  @Override
  public void written(Permit permit, long afterMs) {
    vertx.eventBus().send(address, PermitMessages.written(member, permit, afterMs));
  }

  @Override
  public void abandon(Permit permit) {
    vertx.eventBus().send(address, PermitMessages.abandon(member, permit));
  }
}
