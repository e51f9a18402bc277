package dev.bulklaunch.jobs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Who runs which job: this process alone ({@link #LOCAL}), or in a cluster one member at a time, by a cluster-wide lock
 * per job ({@code cluster.ClusterJobs}). {@link Jobs} knows only this.
 */
public interface JobRunners {

  /** Outside a cluster: every job is this process's, nobody else can be asked, nobody leaves. */
  JobRunners LOCAL = new JobRunners() {
    @Override
    public String member() {
      return null;
    }

    @Override
    public Future<Runnable> claim(String jobId, Function<JsonObject, Future<JsonObject>> control) {
      return Future.succeededFuture(() -> { });
    }

    @Override
    public Future<JsonObject> forward(String jobId, JsonObject request) {
      return Future.failedFuture(new IllegalStateException("no other member runs jobs"));
    }

    @Override
    public <T> Future<T> oneAtATime(String what, Supplier<Future<T>> action) {
      return action.get();
    }

    @Override
    public void onMemberLeft(Consumer<String> member) {
    }

    @Override
    public void onLost(Runnable lost) {
    }

    @Override
    public void onStalled(Runnable stalled) {
    }
  };

  /** This member's name (host:port), null outside a cluster. */
  String member();

  /**
   * Takes {@code jobId} for this member, and serves {@code control} (pause, resume, cancel asked at other members)
   * while it holds it. Fails at once when another member holds the job. The answer gives it back.
   */
  Future<Runnable> claim(String jobId, Function<JsonObject, Future<JsonObject>> control);

  /** Asks the member that holds {@code jobId} to apply {@code request}; fails when no member holds it. */
  Future<JsonObject> forward(String jobId, JsonObject request);

  /** Runs {@code action} while no other member runs one of the same {@code what} (purging). */
  <T> Future<T> oneAtATime(String what, Supplier<Future<T>> action);

  /** Called with a member's name when it leaves the cluster, dead or not. */
  void onMemberLeft(Consumer<String> member);

  /** Called when this member is no longer a member (its cluster instance stops): its jobs are others' now. */
  void onLost(Runnable lost);

  /**
   * Called when this member stood still long enough that the others may have dropped it and taken its jobs (it was
   * frozen, starved or cut off), or when it merges back after they did: its jobs may be others' now, or still its own.
   */
  void onStalled(Runnable stalled);

  /**
   * How long after a stall this member takes over no job: frozen, its view of the cluster went stale, and on waking
   * it hears the others "leave" while it still stands alone, where any lock is its own; only once it has merged back
   * do the locks say who runs what again.
   */
  default long settleAfterStallMs() {
    return 0;
  }

  /** True while this member has stood still long enough to have lost its jobs, before {@link #onStalled} is told. */
  default boolean standingStill() {
    return false;
  }
}
