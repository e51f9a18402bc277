package dev.bulklaunch.jobs;

import dev.bulklaunch.campaign.CampaignReader;
import dev.bulklaunch.config.RateSpec;
import dev.bulklaunch.input.InputRecord;
import dev.bulklaunch.input.LeadIdSet;
import dev.bulklaunch.launch.EarlierRun;
import dev.bulklaunch.launch.JobFactories;
import dev.bulklaunch.launch.JobFactory;
import dev.bulklaunch.launch.LaunchJob;
import dev.bulklaunch.launch.SendLogTrace;
import dev.bulklaunch.result.Journal;
import dev.bulklaunch.result.Status;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.subjects.SingleSubject;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every job of the server, kept under {@code dataDir/jobs/<id>/}: job.json, the spooled input and results.ndjson. */
public final class Jobs {

  private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);

  private final Vertx vertx;
  private final JobFactories factories;
  private final Path jobsDir;
  private final ExecutorService metaWriter = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "job-meta-writer");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, ServerJob> jobs = new ConcurrentHashMap<>();
  private final ProgressTicks progressTicks;

  private final RateSpec rate;
  private final boolean uploads;
  private final AuditLog audit;
  private final RunningSlots slots;
  private final JobRunners runners;
  private final JobMirrors mirrors;
  private long purgeTimer = -1;

  public Jobs(Vertx vertx, JobFactories factories, Path dataDir) {
    this(vertx, factories, dataDir, true, DEFAULT_MAX_RUNNING);
  }

  public static final int DEFAULT_MAX_RUNNING = 64;

  /**
   * @param uploads    false when the jobs are driven from elsewhere (the command line's {@code --dashboard})
   * @param maxRunning jobs launching at once ({@code server.maxRunningJobs}); later ones wait as queued
   */
  public Jobs(Vertx vertx, JobFactories factories, Path dataDir, boolean uploads, int maxRunning) {
    this(vertx, factories, dataDir, uploads, maxRunning, JobRunners.LOCAL);
  }

  /**
   * @param runners who runs which job: {@link JobRunners#LOCAL}, or the members of a cluster sharing {@code dataDir}
   *                (each then lists every job, runs its own, and takes over those of a member that died)
   */
  public Jobs(Vertx vertx, JobFactories factories, Path dataDir, boolean uploads, int maxRunning, JobRunners runners) {
    this.runners = runners;
    this.vertx = vertx;
    this.progressTicks = new ProgressTicks(vertx, ServerJob.PROGRESS_EVERY_MS);
    this.factories = factories;
    this.uploads = uploads;
    this.slots = new RunningSlots(maxRunning);
    RateSpec rate = factories.config().rate();
    this.jobsDir = dataDir.resolve("jobs");
    this.rate = rate;
    this.audit = new AuditLog(vertx, dataDir.resolve(runners.member() == null ? "audit.ndjson"
        : "audit-" + runners.member().replaceAll("[^A-Za-z0-9_.-]", "-") + ".ndjson"));
    this.mirrors = runners.member() == null ? null : new JobMirrors(vertx, this, runners);
  }

  /** Who runs which job. */
  public JobRunners runners() {
    return runners;
  }

  /** {@code dataDir/audit.ndjson}: who created, paused, resumed, cancelled or purged which job. */
  public AuditLog audit() {
    return audit;
  }

  /**
   * The campaign reader of the key named {@code keyName} (an {@code UnknownKeyException} when there is none); null
   * when this server cannot read campaigns (the command line's {@code --dashboard}).
   */
  public CampaignReader campaigns(String keyName) {
    return uploads ? factories.forKey(keyName).campaigns() : null;
  }

  public boolean acceptsUploads() {
    return uploads;
  }

  /** The per-key factories. */
  public JobFactories factories() {
    return factories;
  }

  /** Reads the jobs of an earlier server; the unfinished ones come back as interrupted. */
  public Jobs loadExisting() throws IOException {
    Files.createDirectories(jobsDir);
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(jobsDir)) {
      for (Path dir : dirs) {
        if (Files.isRegularFile(JobFile.in(dir))) {
          restore(dir);
        }
      }
    }
    return this;
  }

  // One job file that cannot be read (a bad disk block, a hand edit) costs that job, not the whole server.
  private void restore(Path dir) {
    try {
      JsonObject json = JobFile.read(dir);
      if (mirrors != null && runningOrQueued(json)) {
        // maybe another member's, running now: nothing is written until its lock says whose it is
        jobs.put(json.getString("id"), mirrors.settleAtStart(dir, json, countLines(dir.resolve("results.ndjson"))));
        return;
      }
      ServerJob job = restored(dir, json);
      jobs.put(job.id(), job);
      if (!json.getString("state", "").equals(job.state().name().toLowerCase(java.util.Locale.ROOT))) {
        job.save();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("skipping the job in {}: its {} is unreadable or corrupt ({})", dir.toAbsolutePath(), JobFile.NAME,
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  static boolean runningOrQueued(JsonObject json) {
    String state = json.getString("state", "");
    return state.equals("running") || state.equals("queued");
  }

  /** A job read from its job.json, a paused one staying paused and a running one interrupted; null if unreadable. */
  ServerJob restoreFromDisk(Path dir) {
    try {
      return restored(dir, JobFile.read(dir));
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot read the job in {}: {}", dir.toAbsolutePath(), e.toString());
      return null;
    }
  }

  private ServerJob restored(Path dir, JsonObject json) throws IOException {
    return enrolled(ServerJob.restore(vertx, metaWriter, progressTicks, dir, json, rate,
        countLines(dir.resolve("results.ndjson"))));
  }

  /** {@code job}, told this member's name and how to know it stood still (nothing outside a cluster). */
  private ServerJob enrolled(ServerJob job) {
    job.inCluster(runners.member(), runners::standingStill);
    return job;
  }

  /** A job held by this member, as it was read back; {@code release} gives it back. */
  record Claimed(ServerJob job, Runnable release) {
  }

  /**
   * Takes job {@code id} for this member, then reads it back from {@code dir} as it is now (another member may have
   * changed it; null if unreadable), on a worker thread: a results file can be long to count. Fails when another
   * member holds it.
   */
  Future<Claimed> claimAndReadBack(String id, Path dir) {
    return claim(id).compose(release -> vertx.executeBlocking(() -> restoreFromDisk(dir), false).otherwiseEmpty()
        .map(job -> new Claimed(job, release)));
  }

  ServerJob mirrorOf(JsonObject snapshot, long results) {
    return enrolled(ServerJob.mirrorOf(vertx, metaWriter, progressTicks, jobsDir.resolve(snapshot.getString("id")),
        snapshot, rate, results));
  }

  Path dirOf(String id) {
    return jobsDir.resolve(id);
  }

  /** Puts {@code job} in place of whatever this member knew of it (a mirror, a job restored from disk). */
  void replace(ServerJob job) {
    jobs.put(job.id(), job);
  }

  void forget(String id) {
    jobs.remove(id);
  }

  /**
   * Every job this member runs stops without a trace, as it may be others' now; their ids.
   *
   * @param giveBack whether their locks are given back (this member is still one, and may take them again)
   */
  List<String> silenceAll(boolean giveBack) {
    List<String> silenced = new java.util.ArrayList<>();
    for (ServerJob job : jobs.values()) {
      // a list still arriving stays with the member it arrives at: nobody else could resume it whole
      if (job.isLive() && !(giveBack && job.uploading())) {
        silenced.add(job.id());
        job.silence(giveBack);
      }
    }
    return silenced;
  }

  /** The jobs launching with the key named {@code keyName}. */
  public List<ServerJob> ofKey(String keyName) {
    return jobs.values().stream().filter(job -> job.keyName().equals(keyName)).toList();
  }

  public List<ServerJob> list() {
    return jobs.values().stream().sorted(Comparator.comparing(ServerJob::createdAt).reversed()).toList();
  }

  public Optional<ServerJob> get(String id) {
    return Optional.ofNullable(jobs.get(id));
  }

  public boolean isEmpty() {
    return jobs.isEmpty();
  }

  public long running() {
    return jobs.values().stream().filter(j -> !j.isFinished()).count();
  }

  public ServerJob create(String name, boolean dryRun) throws IOException {
    return create(name, dryRun, dev.bulklaunch.keys.Keyring.DEFAULT);
  }

  /** A new job launching with the key named {@code keyName} (checked by the caller), started by no token. */
  public ServerJob create(String name, boolean dryRun, String keyName) throws IOException {
    return create(name, dryRun, keyName, "local");
  }

  /** @param startedBy the name of the token that asked for it, or {@code local} */
  public ServerJob create(String name, boolean dryRun, String keyName, String startedBy) throws IOException {
    String id = Long.toString(System.currentTimeMillis(), 36) + "-"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    Path dir = Files.createDirectories(jobsDir.resolve(id));
    String title = name == null || name.isBlank() ? "job " + id : name.strip();
    ServerJob job = enrolled(new ServerJob(vertx, metaWriter, progressTicks, id,
        title.length() > 200 ? title.substring(0, 200) : title, Instant.now(), dryRun, dir, rate, keyName, startedBy));
    jobs.put(id, job);
    hold(job); // a new job: nobody else knows of it, so this member runs it and need not wait for its lock
    return job;
  }

  /** A job that follows the command line's run, for {@code --dashboard}. */
  public ServerJob follow(String name, LaunchJob launch, boolean dryRun, String keyName) throws IOException {
    ServerJob job = create(name, dryRun, keyName);
    job.attach(launch);
    return job;
  }

  /**
   * Launches {@code job} from its spool as it grows, or queues it while {@code server.maxRunningJobs} jobs run. The
   * answer says whether the input holds any lead at all: true at the first record, false when the input ends without
   * one; true at once for a queued job (it is not read before it starts).
   */
  public Single<Boolean> start(ServerJob job, Spool spool) throws IOException {
    return start(job, spool, EarlierRun.none());
  }

  private Single<Boolean> start(ServerJob job, Spool spool, EarlierRun earlier) throws IOException {
    if (!slots.take(job::queue, () -> launchWaiting(job, spool, earlier))) {
      return Single.just(true);
    }
    try {
      return launch(job, spool, earlier);
    } catch (IOException | RuntimeException e) {
      slots.release();
      throw e;
    }
  }

  private void launchWaiting(ServerJob job, Spool spool, EarlierRun earlier) {
    if (!job.isQueued()) {
      slots.release(); // cancelled while it waited
      return;
    }
    vertx.runOnContext(v -> {
      try {
        launch(job, spool, earlier);
      } catch (IOException | RuntimeException e) {
        LOG.warn("job {}: cannot start after waiting for a slot: {}", job.id(), e.toString());
        job.cancel("the job could not start: " + e.getMessage());
        slots.release();
      }
    });
  }

  private Single<Boolean> launch(ServerJob job, Spool spool, EarlierRun earlier) throws IOException {
    SingleSubject<Boolean> hasLeads = SingleSubject.create();
    JobFactory factory = factories.forKey(job.keyName());
    SendLogTrace trace = SendLogTrace.besideJournal(job.resultsFile(), factory.loop());
    LaunchJob launch = factory.create(job.dryRun(), earlier, trace);
    Flowable<InputRecord> records = factory.records(Flowable.just(spool.follow(factory.loop().context(), factory.chunkBytes())))
        .doOnNext(record -> {
          if (!hasLeads.hasValue()) {
            hasLeads.onSuccess(true);
          }
        })
        .doOnComplete(() -> {
          if (!hasLeads.hasValue()) {
            hasLeads.onSuccess(false);
          }
        });
    Completable run = job.run(launch, records).doFinally(trace::close).doFinally(slots::release);
    run.subscribe(() -> {
      if (!hasLeads.hasValue()) {
        hasLeads.onSuccess(false);
      }
    });
    return hasLeads;
  }

  /** Holds {@code job} for this member from now to its end, serving the control requests other members forward. */
  private void hold(ServerJob job) {
    claim(job.id()).onSuccess(job::whenEnded)
        .onFailure(error -> LOG.warn("job {}: this member cannot hold it: {}", job.id(), error.toString()));
  }

  /** Takes job {@code id} for this member (it then serves the job's forwarded controls); the answer gives it back. */
  Future<Runnable> claim(String id) {
    return runners.claim(id, request -> control(id, request));
  }

  /**
   * The job to resume from its spool, or to cancel, when no member runs it: outside a cluster {@code job} itself, at
   * once; in a cluster, once this member holds it, as its job.json says now (another member may have changed it).
   * Fails when another member holds it.
   */
  public Future<ServerJob> claimIdle(ServerJob job) {
    if (runners.member() == null) {
      return Future.succeededFuture(job);
    }
    return claimAndReadBack(job.id(), job.dir()).compose(claimed -> {
      ServerJob current = claimed.job();
      if (current == null || !current.resumesFromSpool()) {
        claimed.release().run();
        return Future.failedFuture(new IllegalStateException("job " + job.id() + " changed meanwhile"));
      }
      current.whenEnded(claimed.release());
      replace(current);
      return Future.succeededFuture(current);
    });
  }

  /** Whether another member runs {@code job}: its pause, resume and cancel go to that member ({@link #forward}). */
  public boolean runsElsewhere(ServerJob job) {
    return job.isMirror() && !job.isFinished() && job.runner() != null;
  }

  /** Whether this member must claim {@code job} before resuming or cancelling it: in a cluster, it is not running. */
  public boolean idleInCluster(ServerJob job) {
    return runners.member() != null && !job.isLive();
  }

  /** Asks the member running {@code job} to pause, resume or cancel it ({@link AuditLog}'s actions); its snapshot after. */
  public Future<JsonObject> forward(ServerJob job, String action) {
    return runners.forward(job.id(), new JsonObject().put("action", action));
  }

  // A request forwarded by another member; the member that took it records it in its own audit file.
  private Future<JsonObject> control(String id, JsonObject request) {
    ServerJob job = jobs.get(id);
    if (job == null) {
      return Future.failedFuture("no such job");
    }
    switch (request.getString("action", "")) {
      case AuditLog.PAUSED -> job.pause();
      case AuditLog.RESUMED -> job.resume();
      case AuditLog.CANCELLED -> job.cancel("cancelled from the API");
      default -> {
        return Future.failedFuture("unknown action");
      }
    }
    return Future.succeededFuture(job.snapshot());
  }

  /**
   * Another member died running {@code job}, which this member now holds: read back as after a crash, it resumes
   * from its spool and send log as an interrupted job does, and is given back when it ends.
   */
  void takeOver(ServerJob job, Runnable release) {
    replace(job);
    try {
      LOG.info("job {}: the member running it left the cluster; this member resumes it", job.id());
      job.whenEnded(release);
      resumeInterrupted(job);
    } catch (IOException | RuntimeException e) {
      LOG.warn("job {}: cannot take it over: {}", job.id(), e.toString()); // given back: another member may do better
    }
  }

  /** Continues an interrupted job from its spool, skipping every lead already final in its results. */
  public Single<Boolean> resumeInterrupted(ServerJob job) throws IOException {
    try {
      return resumeFromSpool(job);
    } catch (IOException | RuntimeException e) {
      job.giveBack(); // in a cluster, its lock: another member may do better
      throw e;
    }
  }

  private Single<Boolean> resumeFromSpool(ServerJob job) throws IOException {
    factories.forKey(job.keyName()); // a key removed from the keyring since: refused before anything is read
    Path input = job.inputFile();
    LeadIdSet finished = new LeadIdSet();
    EarlierRun earlier = new EarlierRun(finished);
    // One pass over the results: the leads final there, and the input lines already answered (a final answer, or
    // one about the line itself: invalid, duplicate), which are not answered or counted twice.
    Journal.forEachResult(job.resultsFile(), result -> {
      if (result.isFinal()) {
        finished.add(result.leadId());
      }
      if (result.isFinal() || result.status() != Status.FAILED) {
        earlier.lineAnswered(result);
      }
    });
    return start(job, Spool.completed(input, Files.size(input)), earlier);
  }

  /** Forgets a finished job and deletes its files; false (and nothing done) for a job that is not finished. */
  public boolean purge(ServerJob job) {
    if (!job.isFinished()) {
      return false;
    }
    discard(job);
    if (mirrors != null) {
      mirrors.purged(job.id());
    }
    return true;
  }

  /**
   * Purges the finished jobs that ended more than {@code keep} ago, now and then periodically ({@code server.keepJobs}).
   * Interrupted jobs are kept: they are unfinished work.
   */
  public void keepFinishedFor(java.time.Duration keep) {
    purgeOneAtATime(keep);
    long every = Math.max(1_000, Math.min(keep.toMillis(), java.time.Duration.ofHours(1).toMillis()));
    purgeTimer = vertx.setPeriodic(every, t -> purgeOneAtATime(keep));
  }

  // In a cluster every member would purge the same shared jobs: one at a time, each finding what the last left.
  private void purgeOneAtATime(java.time.Duration keep) {
    if (runners.member() == null) {
      purgeEndedBefore(keep);
      return;
    }
    runners.oneAtATime("purge", () -> {
      purgeEndedBefore(keep);
      return Future.succeededFuture();
    }).onFailure(error -> LOG.debug("purge skipped: {}", error.toString()));
  }

  private void purgeEndedBefore(java.time.Duration keep) {
    Instant limit = Instant.now().minus(keep);
    for (ServerJob job : jobs.values()) {
      ServerJob.State state = job.state();
      boolean ended = state == ServerJob.State.DONE || state == ServerJob.State.CANCELLED
          || state == ServerJob.State.ABORTED;
      Instant at = job.finishedAt() == null ? job.createdAt() : job.finishedAt();
      if (ended && at.isBefore(limit)) {
        LOG.info("purging job {}: it ended at {}, more than server.keepJobs ago", job.id(), at);
        purge(job);
      }
    }
  }

  /** Forgets a job that never had a lead (an empty upload). */
  public void discard(ServerJob job) {
    jobs.remove(job.id());
    metaWriter.execute(() -> {
      try (Stream<Path> files = Files.walk(job.dir())) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (java.nio.file.NoSuchFileException gone) {
        // purged by another member of the cluster meanwhile
      } catch (IOException e) {
        LOG.warn("cannot delete {}: {}", job.dir(), e.toString());
      }
    });
  }

  /** Completes once every job file asked for is written (on a worker thread: the writes may take a moment). */
  public io.vertx.core.Future<Void> close() {
    vertx.cancelTimer(purgeTimer);
    if (mirrors != null) {
      mirrors.close();
    }
    audit.close();
    metaWriter.shutdown();
    return vertx.executeBlocking(() -> {
      metaWriter.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
      return null;
    }, false);
  }

  private static long countLines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    try (BufferedReader reader = Journal.reader(file)) {
      return reader.lines().count();
    }
  }
}
