package dev.bulklaunch.cluster;

import dev.bulklaunch.jobs.JobRunners;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Lock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Who runs which job in a cluster: a cluster-wide lock per job ({@code bulklaunch.job-runner.<id>}), held by the member
 * running it from its start to its end and released by the cluster when that member dies; pause, resume and cancel
 * asked at another member reach the holder on the job's control address.
 */
public final class ClusterJobs implements JobRunners {

  static final long FORWARD_TIMEOUT_MS = 10_000;
  static final long STALL_TICK_MS = 250;
  static final long HEARTBEAT_MS = 1_000; // hazelcast.heartbeat.interval.seconds, HazelcastSettings

  private final Vertx vertx;
  private final Context context;
  private final Membership membership;
  private final OwnerLocks locks;
  private final String name;
  private final long stallMs;
  private final long settleMs;
  private volatile long lastTickMs;
  private volatile boolean watching;

  /**
   * @param heartbeatTimeout how long a silent member stays one: a stall of that long, less one heartbeat, may have
   *                         cost this member its membership, and its jobs. (Shorter stalls cannot: a frozen or starved
   *                         process sends no heartbeat either, and the others wait that long. The key owner stops at
   *                         half of it, as a grant is worse than a restarted job; a job restarted without need costs
   *                         its requests in flight sent again.)
   */
  public ClusterJobs(Vertx vertx, Membership membership, java.time.Duration heartbeatTimeout) {
    this.stallMs = Math.max(1_000, heartbeatTimeout.toMillis() - HEARTBEAT_MS);
    this.settleMs = HazelcastSettings.settleAfterStallMs(heartbeatTimeout);
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.membership = membership;
    this.locks = membership.locks();
    this.name = membership.name();
  }

  static String lockName(String jobId) {
    return "bulklaunch.job-runner." + jobId;
  }

  static String controlAddress(String jobId) {
    return "bulklaunch.job-control." + jobId;
  }

  @Override
  public String member() {
    return name;
  }

  @Override
  public Future<Runnable> claim(String jobId, Function<JsonObject, Future<JsonObject>> control) {
    return locks.tryTake(vertx, lockName(jobId)).compose(lock -> {
      MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(controlAddress(jobId), request ->
          control.apply(request.body()).onSuccess(request::reply).onFailure(error -> request.fail(500, error.getMessage())));
      return consumer.completion().<Runnable>map(registered -> () -> context.runOnContext(v -> release(consumer, lock)))
          .onFailure(error -> release(consumer, lock));
    });
  }

  private void release(MessageConsumer<JsonObject> consumer, Lock lock) {
    consumer.unregister().onComplete(done -> lock.release());
  }

  @Override
  public Future<JsonObject> forward(String jobId, JsonObject request) {
    return vertx.eventBus().<JsonObject>request(controlAddress(jobId), request,
        new DeliveryOptions().setSendTimeout(FORWARD_TIMEOUT_MS)).map(reply -> reply.body());
  }

  @Override
  public <T> Future<T> oneAtATime(String what, Supplier<Future<T>> action) {
    return locks.tryTake(vertx, "bulklaunch.one-at-a-time." + what)
        .compose(lock -> action.get().onComplete(done -> lock.release()));
  }

  @Override
  public void onMemberLeft(Consumer<String> member) {
    membership.onMemberLeft(left -> context.runOnContext(v -> member.accept(left)), true);
  }

  @Override
  public void onLost(Runnable lost) {
    // at once, on the cluster's thread: no event loop may send another lead of these jobs meanwhile
    membership.onLost(lost);
  }

  @Override
  public void onStalled(Runnable stalled) {
    membership.onMerging(() -> context.runOnContext(v -> stalled.run()));
    lastTickMs = now();
    watching = true;
    vertx.setPeriodic(STALL_TICK_MS, id -> {
      long now = now();
      if (now - lastTickMs > stallMs) {
        stalled.run();
      }
      lastTickMs = now;
    });
  }

  // Woken from a freeze, an event loop reads the answers that came meanwhile before the tick above has run: a job
  // asks this first, so that it writes none of them beside the member that took it over (and resends those leads).
  @Override
  public boolean standingStill() {
    return watching && now() - lastTickMs > stallMs;
  }

  @Override
  public long settleAfterStallMs() {
    return settleMs;
  }

  private static long now() {
    return System.nanoTime() / 1_000_000;
  }
}
