package dev.bulklaunch.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulklaunch.bench.wire.Wire;
import dev.bulklaunch.bench.wire.WireCapture;
import dev.bulklaunch.bench.wire.WireLeads;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 end to end, as processes: two {@code serve --cluster} members and a {@code --cluster} command-line run on
 * one key, a job uploaded to each server at once, the servers sharing one data directory. The simulator stays in the test JVM; the key's limit is judged at
 * the wire (tcpdump on the loopback, the kernel's timestamps), because the simulator's own stamps bunch and overcount
 * when its event loop runs late on a loaded machine. Without tcpdump or the right to capture (CI installs it and runs
 * as root) the window is judged by the simulator's 429s alone, and the test says so on stderr.
 */
class ClusterProcessesTest {

  private static final int LIMIT = 100;
  private static final int LEADS = 400;

  @TempDir
  Path tmp;
  private SimulatorProbe sim;
  private WireCapture capture;
  private final List<ClusterMember> servers = new ArrayList<>();
  private final List<LauncherProcess> runs = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    sim = SimulatorProbe.start(new JsonObject().put("rate", LIMIT + "/1s").put("mode", "fixed").put("seed", 7)
        .put("latency", new JsonObject().put("dist", "uniform").put("minMs", 20).put("maxMs", 120)));
    capture = WireCapture.start(tmp.resolve("wire.pcap"), java.net.URI.create(sim.baseUrl()).getPort());
  }

  @AfterEach
  void stop() throws Exception {
    for (ClusterMember server : servers) {
      System.err.println("--- " + server.process.pid() + " stderr:\n" + tail(server.process.stderr()));
    }
    for (LauncherProcess run : runs) {
      System.err.println("--- run stderr:\n" + tail(run.stderr()));
    }
    System.err.println("--- simulator: " + sim.stats().encode().substring(0, Math.min(400, sim.stats().encode().length())));
    for (ClusterMember server : servers) {
      if (server.process.isAlive()) {
        server.process.signal("CONT"); // a test that failed while one was frozen
        server.process.kill();
      }
    }
    for (LauncherProcess run : runs) {
      run.kill();
    }
    capture.stop(0);
    sim.close();
  }

  @Test
  void aKilledOwnersKeyAndJobMoveToTheOtherServerUnderTheKeysLimitAndEveryLeadComesOutOnce() throws Exception {
    ThreeLaunches launches = startThreeLaunchesUntil(40);
    String killedMember = launches.second().runner(launches.firstJob());
    launches.first().process.kill();
    long killedAt = ClusterProcessesTest.nowMicros();

    Await.until(Duration.ofSeconds(15), "the second server took the killed server's job over",
        () -> launches.second().runner(launches.firstJob()) != null
            && !launches.second().runner(launches.firstJob()).equals(killedMember));
    assertAllEndedWithOneLinePerLead(launches);
    // only what the killed server had on the wire may go out again (its .sending trace)
    assertThat(sim.stat("duplicateLaunches")).isLessThanOrEqualTo(ClusterMember.MAX_IN_FLIGHT);
    Wire wire = assertNeverOverTheLimit();
    if (wire.counted()) {
      long next = WireLeads.in(tmp.resolve("wire.pcap")).stream()
          .filter(l -> l.leadId().startsWith("lea_a") && l.atMicros() > killedAt)
          .mapToLong(WireLeads.LeadRequest::atMicros).min().orElse(Long.MAX_VALUE);
      assertThat((next - killedAt) / 1000).as("ms from the kill to the killed job's next lead at the wire")
          .isLessThanOrEqualTo(15_000);
    }
  }

  @Test
  void aFrozenOwnerThatComesBackNeverSendsBesideTheNewOwner() throws Exception {
    ThreeLaunches launches = startThreeLaunchesUntil(30);
    launches.first().process.signal("STOP");
    long frozenSince = System.nanoTime();
    // past the heartbeat timeout (3 s): the cluster drops the owner and another member takes the key
    Await.until(Duration.ofSeconds(60), "another member took the key",
        () -> launches.second().owns() || launches.run().stderr().contains("this member owns it now"));
    Await.until(Duration.ofSeconds(30), "the owner stayed frozen 6 s",
        () -> System.nanoTime() - frozenSince >= Duration.ofSeconds(6).toNanos());
    launches.first().process.signal("CONT");

    // the frozen server's job was taken over meanwhile (its member left the cluster): the second knows how it ended
    assertAllEndedWithOneLinePerLead(launches);
    assertNeverOverTheLimit();
  }

  /** Both jobs done (as the second server sees them), the run exited 0, and every lead of each on exactly one line. */
  private static void assertAllEndedWithOneLinePerLead(ThreeLaunches launches) throws Exception {
    ClusterMember second = launches.second();
    Await.until(Duration.ofSeconds(180), "both jobs are done",
        () -> "done".equals(second.state(launches.firstJob())) && "done".equals(second.state(launches.secondJob())));
    assertThat(launches.run().awaitExit(Duration.ofSeconds(120))).as(launches.run().stderr()).isZero();
    assertOneLinePerLead(launches.firstLeads(), second.results(launches.firstJob()));
    assertOneLinePerLead(launches.secondLeads(), second.results(launches.secondJob()));
    assertOneLinePerLead(launches.runLeads(), launches.run().stdoutLines());
  }

  /** Two servers on one data directory (the first owns the key) and a run, a job on each server, all on one key. */
  private record ThreeLaunches(ClusterMember first, ClusterMember second, LauncherProcess run, List<String> firstLeads,
                               List<String> secondLeads, List<String> runLeads, String firstJob, String secondJob) {
  }

  /** Starts the three launches at once and returns when {@code percent} % of all their leads reached the simulator. */
  private ThreeLaunches startThreeLaunchesUntil(int percent) throws Exception {
    ClusterMember.Cluster cluster = ClusterMember.Cluster.of(tmp, 2, sim);
    Path dataDir = Files.createDirectories(tmp.resolve("data"));
    ClusterMember first = server(cluster, "serve-a", 0, dataDir);
    Await.until(Duration.ofSeconds(30), "the first server owns the key", first::owns);
    ClusterMember second = server(cluster, "serve-b", 1, dataDir);
    List<String> firstLeads = Workbench.leadIds("a", LEADS);
    List<String> secondLeads = Workbench.leadIds("b", LEADS);
    List<String> runLeads = Workbench.leadIds("r", LEADS);
    String firstJob = first.upload(firstLeads);
    String secondJob = second.upload(secondLeads);
    LauncherProcess run = run(cluster, runLeads);
    Await.until(Duration.ofSeconds(120), percent + " % of the leads reached the simulator",
        () -> sim.stat("requests") >= 3L * LEADS * percent / 100);
    return new ThreeLaunches(first, second, run, firstLeads, secondLeads, runLeads, firstJob, secondJob);
  }

  private ClusterMember server(ClusterMember.Cluster cluster, String name, int index, Path dataDir) throws Exception {
    ClusterMember server = cluster.serve(name, index, dataDir);
    servers.add(server);
    return server;
  }

  private LauncherProcess run(ClusterMember.Cluster cluster, List<String> leads) throws Exception {
    LauncherProcess run = cluster.run("run", leads);
    runs.add(run);
    return run;
  }

  private Wire assertNeverOverTheLimit() throws Exception {
    Wire wire = capture.stop(sim.stat("requests"));
    if (wire.counted()) {
      // not the simulator's 429s: on a loaded machine its late loop bunches arrivals the wire shows spread
      assertThat(wire.maxInAnyWindow(1_000)).as("most requests in any 1 s at the wire").isLessThanOrEqualTo(LIMIT);
    } else {
      System.err.println("ClusterProcessesTest: no count at the wire (" + wire.note() + "); judged by 429s alone");
      assertThat(sim.stat("rateLimited")).as("429s").isZero();
    }
    return wire;
  }

  static long nowMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }

  private static String tail(String text) {
    return text.length() > 3_000 ? "..." + text.substring(text.length() - 3_000) : text;
  }

  private static void assertOneLinePerLead(List<String> fed, List<String> lines) {
    List<String> leadIds = lines.stream().map(line -> new JsonObject(line).getString("leadId")).toList();
    Set<String> unique = new HashSet<>(leadIds);
    assertThat(leadIds).as("one line per lead").hasSize(unique.size());
    assertThat(unique).containsExactlyInAnyOrderElementsOf(fed);
  }
}
