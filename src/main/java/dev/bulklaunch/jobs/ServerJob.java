package dev.bulklaunch.jobs;

import dev.bulklaunch.config.RateSpec;
import dev.bulklaunch.input.InputRecord;
import dev.bulklaunch.launch.JobControl;
import dev.bulklaunch.launch.LaunchJob;
import dev.bulklaunch.launch.StopReason;
import dev.bulklaunch.result.Journal;
import dev.bulklaunch.result.LeadResult;
import dev.bulklaunch.result.ResultSink;
import dev.bulklaunch.result.ResultWriter;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job as the server sees it: its files under {@code dataDir/jobs/<id>/}, its {@link LaunchJob}, and the events it
 * publishes on the bus (see {@link EventAddresses}).
 */
public final class ServerJob {

  private static final Logger LOG = LoggerFactory.getLogger(ServerJob.class);
  static final long PROGRESS_EVERY_MS = 500;
  private static final int RECENT_FAILURES = 20;
  // job.json mid-run only shows an interrupted job's counts until it resumes (resuming counts again from the results):
  // every 10 s, not 2 s (at 100 jobs the 2 s saves' thread used 8 % of the server's CPU, many-keys on a loaded machine).
  private static final int SAVE_EVERY_TICKS = 20;

  public enum State { QUEUED, RUNNING, PAUSED, DONE, CANCELLED, ABORTED, INTERRUPTED }

  private final Vertx vertx;
  private final Executor metaWriter;
  private final String id;
  private final String address;
  private final String name;
  private final Instant createdAt;
  private final boolean dryRun;
  private final Path dir;
  private final RateSpec rate;
  private final String keyName;
  private final String startedBy;
  private final AtomicLong published = new AtomicLong();
  /** Listeners to this job's results on the bus in this process (the SSE routes); see {@link #watch}. */
  private final AtomicInteger watchers = new AtomicInteger();
  private final AtomicLong uploadBytes = new AtomicLong();
  private volatile boolean uploadComplete;
  private volatile LaunchJob launch;
  // set while the job is not live: queued, paused or interrupted after a restart, or finished
  private volatile State finalState;
  private volatile Instant finishedAt;
  private volatile JsonObject savedCounts = new JsonObject();
  private volatile String message;
  private final ProgressTicks ticks;
  private volatile Runnable stopTicking = () -> { };
  private volatile Spool spool;
  private volatile Long savedInputLines;
  private final java.util.ArrayDeque<JsonObject> recentFailures = new java.util.ArrayDeque<>();
  // in a cluster: this member's name; the snapshot then names the member running the job
  private volatile String self;
  // a job another member runs, as its last published snapshot says
  private volatile JsonObject mirrored;
  // this member lost its membership: the job is another member's now, and this one must leave no trace of it
  private volatile boolean silenced;
  /** In a cluster: whether this member stood still long enough that another may run the job now. */
  private volatile java.util.function.BooleanSupplier standingStill = () -> false;
  private volatile Runnable whenEnded;
  // read back from a job.json saved while it ran (its member stopped, or died, meanwhile)
  private boolean cutWhileRunning;

  /** @param startedBy the name of the token that created it, or {@code local} (never a token's value) */
  ServerJob(Vertx vertx, Executor metaWriter, ProgressTicks ticks, String id, String name, Instant createdAt,
            boolean dryRun, Path dir, RateSpec rate, String keyName, String startedBy) {
    this.vertx = vertx;
    this.metaWriter = metaWriter;
    this.ticks = ticks;
    this.id = id;
    this.address = EventAddresses.job(id);
    this.name = name;
    this.createdAt = createdAt;
    this.dryRun = dryRun;
    this.dir = dir;
    this.rate = rate;
    this.keyName = keyName;
    this.startedBy = startedBy;
  }

  /** A job read back from its job.json after a restart: a paused one stays paused, other unfinished ones are interrupted. */
  static ServerJob restore(Vertx vertx, Executor metaWriter, ProgressTicks ticks, Path dir, JsonObject json,
                           RateSpec rate, long results) {
    ServerJob job = new ServerJob(vertx, metaWriter, ticks, json.getString("id"), json.getString("name"),
        Instant.parse(json.getString("createdAt")), json.getBoolean("dryRun", false), dir, rate,
        json.getString("key", dev.bulklaunch.keys.Keyring.DEFAULT), json.getString("startedBy"));
    job.savedInputLines = json.getJsonObject("upload", new JsonObject()).getLong("lines");
    job.uploadBytes.set(json.getJsonObject("upload", new JsonObject()).getLong("bytes", 0L));
    job.uploadComplete = json.getJsonObject("upload", new JsonObject()).getBoolean("complete", false);
    job.savedCounts = json.getJsonObject("counts", new JsonObject());
    job.published.set(results);
    State state = State.valueOf(json.getString("state", "interrupted").toUpperCase(java.util.Locale.ROOT));
    job.cutWhileRunning = state == State.RUNNING || state == State.QUEUED;
    job.finalState = job.cutWhileRunning ? State.INTERRUPTED : state;
    job.message = json.getString("message");
    if ((job.finalState == State.INTERRUPTED || job.finalState == State.PAUSED) && !job.uploadComplete) {
      // The spool ends where the upload was cut, maybe mid-ID: resuming would send that cut last line as a lead.
      job.finalState = State.ABORTED;
      job.message = "the server stopped while this list was being uploaded, so the list is incomplete and the job "
          + "cannot be resumed: upload the whole list again (leads already launched answer ALREADY_LAUNCHED and are "
          + "reported skipped)";
    }
    job.finishedAt = json.getString("finishedAt") == null ? null : Instant.parse(json.getString("finishedAt"));
    return job;
  }

  /** A job another member runs, known from what it published ({@code snapshot}, {@code results} so far). */
  static ServerJob mirrorOf(Vertx vertx, Executor metaWriter, ProgressTicks ticks, Path dir, JsonObject snapshot,
                            RateSpec rate, long results) {
    ServerJob job = new ServerJob(vertx, metaWriter, ticks, snapshot.getString("id"), snapshot.getString("name"),
        Instant.parse(snapshot.getString("createdAt")), snapshot.getBoolean("dryRun", false), dir, rate,
        snapshot.getString("key", dev.bulklaunch.keys.Keyring.DEFAULT), snapshot.getString("startedBy"));
    job.mirror(snapshot, results);
    return job;
  }

  /** In a cluster, this member's name: the snapshot of a job running here names it. */
  void inCluster(String member, java.util.function.BooleanSupplier standingStill) {
    this.self = member;
    this.standingStill = standingStill;
  }

  /** What the member running this job last published; ignored once the job runs here. */
  void mirror(JsonObject snapshot, long results) {
    if (launch != null && !silenced) {
      return;
    }
    mirrored = snapshot;
    published.accumulateAndGet(results, Math::max);
  }

  /** Whether this member runs the job now (running, queued or paused). */
  boolean isLive() {
    return mirrored == null && (launch != null && !isFinished() || finalState == State.QUEUED);
  }

  /** Whether this job was read back from a job.json saved while it was running or queued. */
  boolean cutWhileRunning() {
    return cutWhileRunning;
  }

  /** Whether its list is still being uploaded to this member. */
  boolean uploading() {
    return spool != null && !uploadComplete;
  }

  /** Whether another member runs this job (as far as this member last heard). */
  boolean isMirror() {
    return mirrored != null;
  }

  /** The name of the member running this job, null when none does (or outside a cluster). */
  public String runner() {
    JsonObject remote = mirrored;
    if (remote != null) {
      return remote.getString("member");
    }
    return self != null && isLive() ? self : null;
  }

  /** This member is no longer in the cluster: another member takes the job over, this one stops without a trace. */
  void silence(boolean giveBack) {
    if (isFinished() || mirrored != null) {
      return;
    }
    // shown as it was, run by nobody, until the member that takes it over says otherwise
    JsonObject last = snapshot().put("member", (String) null);
    silenced = true;
    mirrored = last;
    stopTicking.run();
    LaunchJob job = launch;
    if (job != null && !isFinished()) {
      job.control().stop(StopReason.CANCELLED, "this member left the cluster");
    }
    if (giveBack) {
      giveBack();
    }
  }

  /** Runs {@code action} once the job has ended and its last job.json is written (its lock is then given back). */
  void whenEnded(Runnable action) {
    whenEnded = action;
  }

  /** The job will not run here after all (it could not start): what was to be done at its end is done now. */
  void giveBack() {
    takeWhenEnded().run();
  }

  private Runnable takeWhenEnded() {
    Runnable ended = whenEnded;
    whenEnded = null;
    return ended == null ? () -> { } : ended;
  }

  public String id() {
    return id;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public boolean dryRun() {
    return dryRun;
  }

  /** The name of the key this job launches with (never its value). */
  public String keyName() {
    return keyName;
  }

  /** Who created it: a token's name, or {@code local}; null for a job from before this was recorded. */
  public String startedBy() {
    return startedBy;
  }

  /** The lines of its input so far (its leads, a CSV's header aside), as spooled or as saved before a restart. */
  public long inputLines() {
    Spool current = spool;
    Long saved = savedInputLines;
    return current != null ? current.lines() : saved == null ? 0 : saved;
  }

  /** The live counters of this run of the job; null before it starts (or after a restart, until it resumes). */
  public dev.bulklaunch.launch.JobStats liveStats() {
    LaunchJob job = launch;
    return job == null ? null : job.stats();
  }

  public Path dir() {
    return dir;
  }

  public Path resultsFile() {
    return dir.resolve("results.ndjson");
  }

  public Path inputFile() {
    return dir.resolve("input");
  }

  public long publishedResults() {
    return published.get();
  }

  public void spooling(Spool spool) {
    this.spool = spool;
  }

  public void uploadFinished(long bytes) {
    uploadBytes.set(bytes);
    uploadComplete = true;
    save();
  }

  public State state() {
    JsonObject remote = mirrored;
    if (remote != null) {
      return State.valueOf(remote.getString("state", "running").toUpperCase(java.util.Locale.ROOT));
    }
    if (finalState != null) {
      return finalState;
    }
    LaunchJob job = launch;
    return job != null && job.control().state() == JobControl.State.PAUSED ? State.PAUSED : State.RUNNING;
  }

  public boolean isFinished() {
    State state = state();
    return state != State.RUNNING && state != State.PAUSED && state != State.QUEUED;
  }

  /** Whether resuming this job starts it again from its spool: it was cut by a restart, or paused before one. */
  public boolean resumesFromSpool() {
    State state = state();
    return launch == null && (state == State.INTERRUPTED || state == State.PAUSED);
  }

  /** Waits for a slot under {@code server.maxRunningJobs}. */
  synchronized void queue() {
    finalState = State.QUEUED;
    finishedAt = null;
    stateChanged();
  }

  /** Whether this job still waits for a slot (it was not cancelled meanwhile). */
  boolean isQueued() {
    return launch == null && mirrored == null && state() == State.QUEUED;
  }

  /** When it ended; null for a job that has not. */
  public Instant finishedAt() {
    JsonObject remote = mirrored;
    if (remote != null) {
      String at = remote.getString("finishedAt");
      return at == null ? null : Instant.parse(at);
    }
    return finishedAt;
  }

  /** Starts {@code job} on {@code records}, recording and publishing each result. */
  public Completable run(LaunchJob job, Flowable<InputRecord> records) throws IOException {
    attach(job);
    return ResultWriter.writeAll(job.run(records), List.of(openSink()))
        .doOnComplete(() -> {
          ended();
          logEnd();
        })
        .doOnError(error -> {
          LOG.warn("job {} failed: {}", id, error.toString());
          failed("the job failed: " + error.getMessage());
        })
        .onErrorComplete()
        .cache();
  }

  /** Follows a job driven by someone else (the command line): publish its progress and results. */
  public synchronized void attach(LaunchJob job) {
    this.launch = job;
    this.mirrored = null;
    this.finalState = null;
    this.finishedAt = null;
    save();
    publishProgress();
    AtomicLong ticked = new AtomicLong();
    stopTicking = ticks.add(() -> {
      publishProgress();
      if (ticked.incrementAndGet() % SAVE_EVERY_TICKS == 0) {
        save();
      }
    });
  }

  /** The sink that records and publishes each result; closing it publishes {@code done}. */
  public ResultSink openSink() throws IOException {
    Journal journal = Journal.openForAppendEveryResult(resultsFile());
    EventBus bus = vertx.eventBus();
    return new ResultSink() {
      @Override
      public void write(LeadResult result) throws IOException {
        writeAll(List.of(result));
      }

      @Override
      public void writeAll(List<LeadResult> results) throws IOException {
        if (silenced || standingStill.getAsBoolean()) {
          return; // another member resolves these leads from the send log (this one is silenced at its next tick)
        }
        journal.writeAll(results);
        for (LeadResult result : results) {
          publish(bus, result);
        }
      }

      @Override
      public void flush() throws IOException {
        journal.flush();
      }

      @Override
      public void close() throws IOException {
        journal.close();
      }
    };
  }

  /**
   * A result goes on the bus only while someone listens, here or (clustered) anywhere: a publish from the writer's
   * thread cost an event-loop wake-up per lead even with no consumer at all. Its id counts either way.
   */
  private void publish(EventBus bus, LeadResult result) {
    boolean failed = result.status() == dev.bulklaunch.result.Status.FAILED;
    boolean watched = isWatched(); // read once: a watcher arriving in between must not get a result without its JSON
    JsonObject json = failed || watched ? result.toJson() : null;
    if (failed) {
      rememberFailure(json);
    }
    long seq = published.incrementAndGet();
    if (watched) {
      bus.publish(address, new JsonObject().put("type", "result").put("id", seq).put("result", json));
    }
  }

  private boolean isWatched() {
    return watchers.get() > 0 || vertx.isClustered();
  }

  /**
   * Someone starts listening to this job's results on the bus; they are published until the returned handle runs.
   * Call it before reading {@link #publishedResults()} or the results file: a result counted after that is published.
   */
  public Runnable watch() {
    watchers.incrementAndGet();
    AtomicBoolean stopped = new AtomicBoolean();
    return () -> {
      if (stopped.compareAndSet(false, true)) {
        watchers.decrementAndGet();
      }
    };
  }

  private void rememberFailure(JsonObject failure) {
    synchronized (recentFailures) {
      recentFailures.addFirst(failure);
      if (recentFailures.size() > RECENT_FAILURES) {
        recentFailures.removeLast();
      }
    }
  }

  private io.vertx.core.json.JsonArray recentFailures() {
    synchronized (recentFailures) {
      return new io.vertx.core.json.JsonArray(new java.util.ArrayList<>(recentFailures));
    }
  }

  public void pause() {
    if (launch != null && !isFinished()) {
      launch.control().pause();
      stateChanged();
    }
  }

  public void resume() {
    if (launch != null && !isFinished()) {
      launch.control().resume();
      stateChanged();
    }
  }

  public synchronized void cancel(String why) {
    if (launch != null && !isFinished()) {
      launch.control().stop(StopReason.CANCELLED, why);
      Spool uploading = spool;
      if (uploading != null) {
        uploading.stopUpload(why);
      }
      stateChanged();
    } else if (launch == null && (state() == State.QUEUED || resumesFromSpool())) {
      finish(State.CANCELLED, why);
    }
  }

  /** Marks the end: the state follows why the launch stopped, and {@code done} is published after every result. */
  public void ended() {
    JobControl control = launch.control();
    if (control.isStopped()) {
      finish(control.stopReason() == StopReason.CANCELLED ? State.CANCELLED : State.ABORTED, control.stopMessage());
    } else {
      finish(State.DONE, message);
    }
  }

  // A job cut by an error (its input broke) did not launch its whole list: never report it as done.
  private void failed(String why) {
    JobControl control = launch.control();
    if (control.isStopped() && control.stopReason() == StopReason.CANCELLED) {
      finish(State.CANCELLED, control.stopMessage());
    } else {
      finish(State.ABORTED, why);
    }
  }

  private void finish(State state, String why) {
    if (silenced) {
      return;
    }
    finalState = state;
    message = why;
    finishedAt = Instant.now();
    stopTicking.run();
    JsonObject snapshot = snapshot();
    save();
    metaWriter.execute(takeWhenEnded()); // after the last job.json: whoever takes the job next reads it whole
    publishToAll(new JsonObject().put("type", "done").put("id", published.get()).put("job", snapshot));
  }

  // Only for jobs the server runs: a command-line run's dashboard job ends with the run's own summary.
  private void logEnd() {
    if (silenced) {
      LOG.info("job {} stopped here: another member takes it over", id);
      return;
    }
    LOG.info("job {} {}: {} launched, {} skipped, {} failed", id, finalState.name().toLowerCase(),
        launch.stats().launched(), launch.stats().skipped(), launch.stats().failed());
  }

  public void publishProgress() {
    if (silenced || mirrored != null) {
      return;
    }
    publishToAll(new JsonObject().put("type", "progress").put("id", published.get()).put("job", snapshot()));
  }

  private void publishToAll(JsonObject event) {
    String member = self;
    io.vertx.core.eventbus.DeliveryOptions options = member == null ? new io.vertx.core.eventbus.DeliveryOptions()
        : JobMirrors.from(member);
    vertx.eventBus().publish(address, event, options);
    vertx.eventBus().publish(EventAddresses.ALL_JOBS, event, options);
  }

  private void stateChanged() {
    save();
    publishProgress();
  }

  public JsonObject snapshot() {
    JsonObject remote = mirrored;
    if (remote != null) {
      return remote.copy();
    }
    LaunchJob job = launch;
    JsonObject counts = job == null ? savedCounts : job.stats().snapshot();
    JsonObject snapshot = new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("state", state().name().toLowerCase(java.util.Locale.ROOT))
        .put("dryRun", dryRun)
        .put("key", keyName)
        .put("startedBy", startedBy)
        .put("createdAt", createdAt.toString())
        .put("finishedAt", finishedAt == null ? null : finishedAt.toString())
        .put("message", message)
        .put("upload", new JsonObject().put("bytes", uploadBytes()).put("complete", uploadComplete)
            .put("lines", spool == null ? savedInputLines : Long.valueOf(spool.lines())))
        .put("limit", new JsonObject().put("requests", rate.limit()).put("windowMs", rate.windowMillis())
            .put("perSecond", rate.perSecond()))
        .put("results", published.get())
        .put("counts", counts)
        .put("recentFailures", recentFailures());
    if (self != null) {
      snapshot.put("member", runner());
    }
    return snapshot;
  }

  private long uploadBytes() {
    Spool current = spool;
    return uploadComplete || current == null ? uploadBytes.get() : current.written();
  }

  /** Writes job.json (atomically and durably, in order, off the event loop). */
  public void save() {
    if (silenced || mirrored != null) {
      return; // the member running it writes its job.json
    }
    JsonObject json = snapshot();
    metaWriter.execute(() -> {
      try {
        JobFile.write(dir, json);
      } catch (IOException e) {
        LOG.warn("job {}: cannot save job.json: {}", id, e.toString());
      }
    });
  }
}
