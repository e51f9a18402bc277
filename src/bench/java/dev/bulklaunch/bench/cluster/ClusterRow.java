package dev.bulklaunch.bench.cluster;

import dev.bulklaunch.bench.SimulatorWarmUp;
import dev.bulklaunch.bench.wire.Wire;
import dev.bulklaunch.bench.wire.WireCapture;
import dev.bulklaunch.bench.wire.WireLeads;
import dev.bulklaunch.bench.wire.WireRequest;
import dev.bulklaunch.simulator.LemlistSimulator;
import dev.bulklaunch.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cluster rows of issue 19: two {@code scripts/launch serve --cluster} members and one {@code --cluster}
 * command-line run on one key (100 per 1 s, fixed window, latency 20-120 ms), 1,500 leads each: a job uploaded to
 * each server and the run's stdin, all at once. The first server starts alone and owns the key. Per {@link Event},
 * nothing happens to it, it is frozen (SIGSTOP past the heartbeat timeout, then SIGCONT), or it is killed (SIGKILL)
 * once 40 % of all leads have reached the simulator. The simulator runs in the bench's JVM; every request is
 * counted at the wire (tcpdump), where the verdict is taken.
 */
public final class ClusterRow {

  public enum Event { NONE, FREEZE, KILL }

  static final int LIMIT = 100;
  static final long WINDOW_MS = 1_000;
  static final double KILL_AT = 0.40;
  static final double FREEZE_AT = 0.30;
  static final int WARM_UP_REQUESTS = 3_000;
  /** The owner stays frozen this long past the members' heartbeat timeout, so the cluster drops it. */
  static final long FROZEN_MS = TimeUnit.SECONDS.toMillis(ClusterSetup.HEARTBEAT_TIMEOUT_S) + 3_000;

  private final String name;
  private final Event event;
  private final int leadsEach;
  private final Path home;
  private final Path logDir;

  public ClusterRow(String name, Event event, int leadsEach, Path home, Path logDir) {
    this.name = name;
    this.event = event;
    this.leadsEach = leadsEach;
    this.home = home;
    this.logDir = logDir;
  }

  public String name() {
    return name;
  }

  public ClusterResult run(Vertx vertx) throws Exception {
    LemlistSimulator simulator = await(LemlistSimulator.start(vertx, SimulatorOptions.fromJson(new JsonObject()
        .put("mode", "fixed").put("rate", LIMIT + "/1s").put("seed", 7)
        .put("latency", new JsonObject().put("dist", "uniform").put("minMs", 20).put("maxMs", 120)))));
    List<MemberProcess> members = new ArrayList<>();
    try {
      // As every row's: the simulator shares the bench's JVM, and cold it held its first answers up to a second
      // while the members' JVMs started beside it (the row then measured the bench, not the cluster).
      SimulatorWarmUp.run(vertx, simulator, WARM_UP_REQUESTS, 64);
      Path pcap = logDir.resolve(name + ".pcap");
      WireCapture capture = WireCapture.start(pcap, simulator.port());
      ClusterSetup cluster = new ClusterSetup(logDir, 2);
      List<String> more = List.of("--rate", LIMIT + "/1s", "--max-in-flight", "32");
      Path dataDir = fresh(logDir.resolve(name + ".data"));
      Server first = Server.start(home, logDir, name + ".server0", cluster, 0, dataDir, simulator.baseUrl(), more);
      members.add(first.process());
      first.process().awaitJoined(60_000);
      awaitOwner(first.process());
      Server second = Server.start(home, logDir, name + ".server1", cluster, 1, dataDir, simulator.baseUrl(), more);
      members.add(second.process());
      String sharing = "one data directory for both servers";
      if (!second.healthyOrRefused()) {
        // the directory is this process's alone until the members hold it together (job takeover, issue 19)
        sharing = "a data directory per server: the second refused the shared one, so jobs cannot move";
        members.remove(second.process());
        second = Server.start(home, logDir, name + ".server1", cluster, 1, fresh(logDir.resolve(name + ".data1")),
            simulator.baseUrl(), more);
        members.add(second.process());
        second.awaitHealthy();
      }
      first.awaitHealthy();

      List<String> firstLeads = leads("lea_s0x");
      List<String> secondLeads = leads("lea_s1x");
      List<String> runLeads = leads("lea_rx");
      Path runInput = Files.write(logDir.resolve(name + ".run.stdin"), runLeads);
      MemberProcess run = MemberProcess.start(home, logDir, name + ".run",
          cluster.runArgs(name + ".run", simulator.baseUrl(), more), "bench-key", runInput);
      members.add(run);
      String firstJob = first.api().upload(firstLeads);
      String secondJob = second.api().upload(secondLeads);
      long total = 3L * leadsEach;

      EventTimes times = switch (event) {
        case NONE -> EventTimes.NONE;
        case FREEZE -> freeze(first.process(), simulator, total);
        case KILL -> kill(first.process(), simulator, total);
      };

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60 + 4 * total / LIMIT);
      boolean firstJobMoves = sharing.startsWith("one");
      // with one directory every member answers for every job: ask the one that was neither killed nor frozen
      JobsApi firstJobApi = firstJobMoves ? second.api() : first.api();
      awaitDone(second.api(), secondJob, deadline);
      if (event != Event.KILL || firstJobMoves) {
        awaitDone(firstJobApi, firstJob, deadline);
      }
      if (!run.awaitExit(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())))) {
        throw new IllegalStateException("the --cluster run did not end in time: " + run.stderrText());
      }
      List<String> firstLines = event != Event.KILL || firstJobMoves ? firstJobApi.results(firstJob) : List.of();
      LeadLines firstCheck = event == Event.KILL && !firstJobMoves ? null : LeadLines.of(firstLeads, firstLines);
      LeadLines secondCheck = LeadLines.of(secondLeads, second.api().results(secondJob));
      LeadLines runCheck = LeadLines.of(runLeads, run.stdoutLines());
      for (MemberProcess member : members) {
        member.stop(15_000);
      }
      JsonObject stats = simulator.stats();
      Files.writeString(logDir.resolve(name + ".sim-stats.json"), stats.encodePrettily());
      Wire wire = capture.stop(stats.getLong("requests", 0L));
      List<WireLeads.LeadRequest> launches = wire.counted() ? WireLeads.in(pcap) : List.of();
      return new ClusterResult(name, event, leadsEach, sharing, run.exitValue(), firstCheck, secondCheck, runCheck,
          stats.getLong("accepted", 0L), stats.getLong("rateLimited", 0L), wire, launches, times);
    } finally {
      for (MemberProcess member : members) {
        member.stop(5_000);
      }
      await(simulator.close());
    }
  }

  /** When the event happened on the wire's clock (epoch microseconds): the kill, or the freeze and the thaw. */
  record EventTimes(long atMicros, long endMicros) {
    static final EventTimes NONE = new EventTimes(-1, -1);
  }

  private EventTimes freeze(MemberProcess owner, LemlistSimulator simulator, long total) throws Exception {
    awaitRequests(simulator, (long) (FREEZE_AT * total));
    long at = nowMicros();
    owner.signal("STOP");
    Thread.sleep(FROZEN_MS); // the bench's own pause, not the launcher's: the frozen member is the subject
    owner.signal("CONT");
    return new EventTimes(at, nowMicros());
  }

  private EventTimes kill(MemberProcess owner, LemlistSimulator simulator, long total) throws Exception {
    awaitRequests(simulator, (long) (KILL_AT * total));
    long at = nowMicros();
    owner.signal("KILL");
    return new EventTimes(at, at);
  }

  private static void awaitRequests(LemlistSimulator simulator, long requests) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (simulator.stats().getLong("requests", 0L) < requests) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the simulator never saw " + requests + " requests");
      }
      Thread.sleep(5);
    }
  }

  private static void awaitOwner(MemberProcess member) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!member.stderrText().contains("this member owns it now")) {
      if (System.nanoTime() > deadline || !member.isAlive()) {
        throw new IllegalStateException(member.name() + " never owned the key: " + member.stderrText());
      }
      Thread.sleep(20);
    }
  }

  private static void awaitDone(JobsApi api, String job, long deadlineNanos) throws InterruptedException {
    while (!"done".equals(api.state(job))) {
      if (System.nanoTime() > deadlineNanos) {
        throw new IllegalStateException("job " + job + " was not done in time (state " + api.state(job) + ")");
      }
      Thread.sleep(100);
    }
  }

  private List<String> leads(String prefix) {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= leadsEach; i++) {
      ids.add(String.format("%s%06d", prefix, i));
    }
    return ids;
  }

  private static Path fresh(Path dir) throws java.io.IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
    return Files.createDirectories(dir);
  }

  static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }

  static long firstAfter(List<WireRequest> requests, long micros) {
    return requests.stream().mapToLong(WireRequest::atMicros).filter(at -> at > micros).min().orElse(-1);
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** A server member and its jobs API. */
  private record Server(MemberProcess process, JobsApi api) {

    static Server start(Path home, Path logDir, String name, ClusterSetup cluster, int index, Path dataDir,
                        String baseUrl, List<String> more) throws Exception {
      int port = ClusterSetup.freePort();
      MemberProcess process = MemberProcess.start(home, logDir, name, cluster.serveArgs(index, port, dataDir, baseUrl, more),
          "bench-key", Files.writeString(logDir.resolve(name + ".stdin"), ""));
      return new Server(process, new JobsApi(port));
    }

    void awaitHealthy() throws Exception {
      if (!healthyOrRefused()) {
        throw new IllegalStateException(process.name() + " refused its data directory: " + process.stderrText());
      }
    }

    /** Waits until it answers /health: true; false when it exited 2 first (it refused the data directory). */
    boolean healthyOrRefused() throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!api.healthy()) {
        if (!process.isAlive()) {
          if (process.exitValue() == 2) {
            return false;
          }
          throw new IllegalStateException(process.name() + " exited " + process.exitValue() + ": " + process.stderrText());
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(process.name() + " does not answer /health: " + process.stderrText());
        }
        Thread.sleep(20);
      }
      return true;
    }
  }
}
