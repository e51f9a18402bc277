package dev.bulklaunch.jobs;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In a cluster, what this member knows of the jobs other members run: their progress on the clustered bus
 * ({@link EventAddresses#ALL_JOBS}) makes a mirror of each, listed and streamed like this member's own; a purge
 * anywhere is forgotten everywhere; and when a member leaves, the running jobs it held are taken over, by whichever
 * member gets each job's lock first.
 */
final class JobMirrors {

  private static final Logger LOG = LoggerFactory.getLogger(JobMirrors.class);
  static final String PURGED = "bulklaunch.jobs.purged";
  static final String FROM = "member";
  /** How often, and how many times, a member tries to take a job over once its member has left. */
  static final long TAKE_OVER_EVERY_MS = 1_000;
  static final int TAKE_OVER_TRIES = 20;

  private final Vertx vertx;
  private final Jobs jobs;
  private final String self;
  private final List<MessageConsumer<JsonObject>> consumers;
  private final long settleMs;
  /** Until when this member takes over no job, having stood still (monotonic ms); none while {@code stalled} is false. */
  private boolean stalled;
  private long settlingUntilMs;

  JobMirrors(Vertx vertx, Jobs jobs, JobRunners runners) {
    this.vertx = vertx;
    this.jobs = jobs;
    this.self = runners.member();
    this.settleMs = runners.settleAfterStallMs();
    this.consumers = List.of(
        vertx.eventBus().consumer(EventAddresses.ALL_JOBS, this::heard),
        vertx.eventBus().consumer(PURGED, message -> {
          if (fromElsewhere(message)) {
            jobs.forget(message.body().getString("id"));
          }
        }));
    runners.onMemberLeft(this::takeOverFrom);
    runners.onLost(() -> {
      if (!jobs.silenceAll(false).isEmpty()) {
        LOG.warn("this member is leaving the cluster: its running jobs stop here, and another member takes them over");
      }
    });
    runners.onStalled(this::takeBackAfterStall);
  }

  /** Marks what this member publishes, so that it does not take its own news for another member's. */
  static DeliveryOptions from(String member) {
    return new DeliveryOptions().addHeader(FROM, member);
  }

  // Only a serving member's news: a command-line run's --dashboard job, clustered too, is in no shared directory.
  private boolean fromElsewhere(Message<JsonObject> message) {
    String from = message.headers().get(FROM);
    return from != null && !self.equals(from);
  }

  private void heard(Message<JsonObject> message) {
    JsonObject snapshot = message.body().getJsonObject("job");
    if (!fromElsewhere(message) || snapshot == null) {
      return;
    }
    long results = message.body().getLong("id", 0L);
    jobs.get(snapshot.getString("id")).ifPresentOrElse(
        job -> {
          if (!job.isLive()) {
            job.mirror(snapshot, results);
          }
        },
        () -> jobs.replace(jobs.mirrorOf(snapshot, results)));
  }

  /**
   * A running or queued job found at start: its member may be running it now. It is shown as its job.json says until
   * its lock says whose it is; nobody's, and it is interrupted as after a restart (it resumes when asked).
   */
  ServerJob settleAtStart(Path dir, JsonObject json, long results) {
    ServerJob mirror = jobs.mirrorOf(json.copy().putNull("member"), results);
    jobs.claimAndReadBack(mirror.id(), dir).onSuccess(claimed -> {
      ServerJob restored = claimed.job();
      if (restored != null) {
        restored.save();
        jobs.replace(restored);
      }
      claimed.release().run();
    }).onFailure(held -> LOG.debug("job {}: another member runs it", mirror.id()));
    return mirror;
  }

  // Another member may have taken these jobs while this one stood still: running them on would launch their leads
  // twice. So they stop here, their locks go back, and whoever gets a lock first resumes that job as after a crash.
  // It takes nothing over until it has merged back (settleMs): woken alone, every lock it tries is granted, and it ran
  // jobs other members were running too (a bench run launched 1,702 leads twice).
  private void takeBackAfterStall() {
    settlingUntilMs = stalled ? Math.max(settlingUntilMs, now() + settleMs) : now() + settleMs;
    stalled = true;
    List<String> ids = jobs.silenceAll(true);
    if (!ids.isEmpty()) {
      LOG.warn("this member stood still long enough that the cluster may have dropped it: its {} running jobs stop "
          + "and are resumed by whichever member takes each first, this one after {} ms", ids.size(), settleMs);
      ids.forEach(id -> tryToTakeOver(id, self, 1));
    }
  }

  // One stall tick later: a member that thaws hears the others "leave" at once, maybe before it notices its own stall.
  private void takeOverFrom(String member) {
    vertx.setTimer(TAKE_OVER_EVERY_MS, t -> {
      for (ServerJob job : jobs.list()) {
        if (wasRunBy(job, member)) {
          LOG.info("job {}: member {} left the cluster while running it", job.id(), member);
          tryToTakeOver(job.id(), member, 1);
        }
      }
    });
  }

  private static long now() {
    return System.nanoTime() / 1_000_000;
  }

  private static boolean wasRunBy(ServerJob job, String member) {
    return job.isMirror() && !job.isFinished() && (job.runner() == null || job.runner().equals(member));
  }

  // Its lock is freed when the cluster drops the member: at once for a dead process, which may be a moment after
  // this member heard it left. Another member may win it: then its progress names the new runner, and this one stops.
  private void tryToTakeOver(String id, String left, int attempt) {
    long settling = stalled ? settlingUntilMs - now() : 0;
    if (settling > 0) {
      vertx.setTimer(settling, t -> tryToTakeOver(id, left, attempt));
      return;
    }
    ServerJob known = jobs.get(id).orElse(null);
    if (known == null || !wasRunBy(known, left)) {
      return;
    }
    jobs.claimAndReadBack(id, jobs.dirOf(id)).onSuccess(claimed -> {
      ServerJob restored = claimed.job();
      Runnable release = claimed.release();
      if (restored == null) {
        release.run();
      } else if (restored.state() == ServerJob.State.INTERRUPTED && restored.cutWhileRunning()) {
        jobs.takeOver(restored, release);
      } else {
        // paused stays paused (resumed when asked, by whichever member is asked); ended is ended; a list cut while
        // it was being uploaded is aborted, as after a crash
        if (restored.cutWhileRunning()) {
          restored.save();
        }
        jobs.replace(restored);
        release.run();
        restored.publishProgress();
      }
    }).onFailure(held -> {
      if (attempt < TAKE_OVER_TRIES) {
        vertx.setTimer(TAKE_OVER_EVERY_MS, t -> tryToTakeOver(id, left, attempt + 1));
      }
    });
  }

  void purged(String id) {
    vertx.eventBus().publish(PURGED, new JsonObject().put("id", id), from(self));
  }

  void close() {
    consumers.forEach(MessageConsumer::unregister);
  }
}
