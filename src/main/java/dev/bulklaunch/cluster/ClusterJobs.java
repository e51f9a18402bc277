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

  /** A lock is tried, not waited for: a waiting lock holds one of the cluster manager's threads. */
  static final long TRY_LOCK_MS = 10;
  static final long FORWARD_TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final Context context;
  private final Membership membership;
  private final String name;

  public ClusterJobs(Vertx vertx, Membership membership) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.membership = membership;
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
    return vertx.sharedData().getLockWithTimeout(lockName(jobId), TRY_LOCK_MS).compose(lock -> {
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
    return vertx.sharedData().getLockWithTimeout("bulklaunch.one-at-a-time." + what, TRY_LOCK_MS)
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
}
