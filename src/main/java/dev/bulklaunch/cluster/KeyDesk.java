package dev.bulklaunch.cluster;

import dev.bulklaunch.pacing.KeyScheduler;
import dev.bulklaunch.pacing.Permit;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.disposables.Disposable;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The owner's side of a key in a cluster: serves its {@link KeyScheduler} to the other members over the clustered
 * bus. Each remote lane gets a lane of the scheduler, so remote jobs take turns with local ones. Runs on the key's
 * event loop (the scheduler's), so a grant and a withdrawn request never race.
 */
final class KeyDesk {

  /** How long a request waits here before it is told to ask again; well under the member's bus timeout. */
  static final long LONGEST_WAIT_MS = 4_000;

  private final Context context;
  private final String keyName;
  private final KeyScheduler scheduler;
  private final Map<String, KeyScheduler.Lane> lanes = new HashMap<>();
  private final Map<String, Disposable> waiting = new HashMap<>();
  private final Map<String, Set<Permit>> outstanding = new HashMap<>();
  private MessageConsumer<JsonObject> consumer;
  private final BooleanSupplier mayGrant;
  private boolean granting = true;
  private long requestsHere;

  /** The desk stopped granting (the key is changing hands, or this member stalled): ask the owner over the bus. */
  static final class NotOwner extends RuntimeException {
    NotOwner() {
      super("not the owner", null, false, false);
    }
  }

  KeyDesk(Context context, String keyName, KeyScheduler scheduler, BooleanSupplier mayGrant) {
    this.mayGrant = mayGrant;
    this.context = context;
    this.keyName = keyName;
    this.scheduler = scheduler;
  }

  Future<Void> open() {
    Future<Void> registered = Future.future(promise -> context.runOnContext(v -> {
      consumer = context.owner().eventBus().consumer(PermitMessages.address(keyName), this::handle);
      consumer.completion().onComplete(promise);
    }));
    return registered;
  }

  /** Stops granting at once; requests still waiting are told to find the owner again. */
  Future<Void> close() {
    return Future.future(promise -> context.runOnContext(v -> {
      granting = false;
      waiting.values().forEach(Disposable::dispose);
      waiting.clear();
      (consumer == null ? Future.<Void>succeededFuture() : consumer.unregister()).onComplete(promise);
    }));
  }

  /**
   * A permit for a lane of this member's own jobs, granted as the bus's are but without it; fails with
   * {@link NotOwner} when this desk does not grant (any more), also while the request waits.
   */
  Single<Permit> grantHere(String lane) {
    return Single.create(emitter -> context.runOnContext(v -> {
      if (!granting) {
        emitter.tryOnError(new NotOwner());
        return;
      }
      String key = requestKey("", lane, ++requestsHere);
      Disposable granted = laneOf("", lane).acquire().subscribe(permit -> context.runOnContext(x -> {
        if (waiting.remove(key) == null || emitter.isDisposed()) {
          scheduler.abandon(permit); // withdrawn meanwhile: the place goes back
        } else if (!granting || !mayGrant.getAsBoolean()) {
          scheduler.abandon(permit);
          emitter.tryOnError(new NotOwner());
        } else {
          emitter.onSuccess(permit);
        }
      }), emitter::tryOnError);
      // close() disposes every waiting request: this one then asks the new owner
      waiting.put(key, Disposable.fromAction(() -> {
        granted.dispose();
        emitter.tryOnError(new NotOwner());
      }));
      emitter.setCancellable(() -> context.runOnContext(x -> {
        if (waiting.remove(key) != null) {
          granted.dispose();
        }
      }));
    }));
  }

  /** A member left the cluster: the permits it held will never be reported, so their places are freed. */
  void memberLeft(String member) {
    context.runOnContext(v -> {
      Set<Permit> held = outstanding.remove(member);
      if (held != null) {
        held.forEach(scheduler::abandon);
      }
    });
  }

  private void handle(Message<JsonObject> message) {
    JsonObject body = message.body();
    String member = body.getString("member");
    switch (body.getString("op")) {
      case PermitMessages.ACQUIRE -> acquire(message, member, body.getString("lane"), body.getLong("request"));
      case PermitMessages.CANCEL -> {
        Disposable pending = waiting.remove(requestKey(member, body.getString("lane"), body.getLong("request")));
        if (pending != null) {
          pending.dispose();
        }
      }
      case PermitMessages.REPORT -> {
        Permit permit = PermitMessages.permit(body.getJsonObject("permit"));
        if (!forget(member, permit)) {
          // granted by an earlier owner: its times are on that process's clock, meaningless to this budget
          message.reply(false);
          return;
        }
        scheduler.report(permit, PermitMessages.answer(body)).subscribe(message::reply, error -> message.fail(500, "report failed"));
      }
      case PermitMessages.WRITTEN -> {
        Permit permit = PermitMessages.permit(body.getJsonObject("permit"));
        if (granted(member, permit)) {
          scheduler.written(permit, body.getLong("afterMs", 0L));
        }
      }
      case PermitMessages.ABANDON -> {
        Permit permit = PermitMessages.permit(body.getJsonObject("permit"));
        if (forget(member, permit)) {
          scheduler.abandon(permit);
        }
      }
      default -> message.fail(400, "unknown op");
    }
  }

  private void acquire(Message<JsonObject> message, String member, String lane, long request) {
    if (!granting) {
      message.fail(PermitMessages.NOT_OWNER, "not the owner");
      return;
    }
    String key = requestKey(member, lane, request);
    long receivedAtNs = System.nanoTime();
    KeyScheduler.Lane schedulerLane = laneOf(member, lane);
    long timer = context.owner().setTimer(LONGEST_WAIT_MS, id -> {
      Disposable pending = waiting.remove(key);
      if (pending != null) {
        pending.dispose();
        message.fail(PermitMessages.NOT_YET, "not granted yet");
      }
    });
    waiting.put(key, schedulerLane.acquire().subscribe(permit -> context.runOnContext(v -> {
      context.owner().cancelTimer(timer);
      if (waiting.remove(key) == null) {
        scheduler.abandon(permit); // withdrawn meanwhile: the place goes back
        return;
      }
      if (!granting || !mayGrant.getAsBoolean()) {
        scheduler.abandon(permit);
        message.fail(PermitMessages.NOT_OWNER, "not the owner");
        return;
      }
      outstanding.computeIfAbsent(member, m -> new HashSet<>()).add(permit);
      // how long the request waited here: the member takes the rest of its round trip as the bus's, see RemoteLane
      message.reply(PermitMessages.permit(permit).put("waitedMs", (System.nanoTime() - receivedAtNs) / 1_000_000));
    }), error -> message.fail(500, "no permit")));
  }

  /** The scheduler's lane of one job; this member's own jobs are named with an empty member. */
  private KeyScheduler.Lane laneOf(String member, String lane) {
    return lanes.computeIfAbsent(member + "/" + lane, k -> scheduler.newLane());
  }

  /** Whether this desk granted the permit and its answer has not come yet. */
  private boolean granted(String member, Permit permit) {
    Set<Permit> held = outstanding.get(member);
    return held != null && held.contains(permit);
  }

  /** Whether this desk granted the permit and had not heard of it since. */
  private boolean forget(String member, Permit permit) {
    Set<Permit> held = outstanding.get(member);
    return held != null && held.remove(permit);
  }

  private static String requestKey(String member, String lane, long request) {
    return member + "/" + lane + "/" + request;
  }
}
