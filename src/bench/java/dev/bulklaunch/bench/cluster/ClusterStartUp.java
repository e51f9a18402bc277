package dev.bulklaunch.bench.cluster;

import dev.bulklaunch.bench.startup.Realtime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Clustered start-up, exec to joined ({@code cluster: joined ... in N ms} on the member's stderr, seen by polling
 * it): the first {@code serve --cluster} member (the other listed member absent), a second one joining it, and a
 * {@code --cluster} command-line run joining both, {@link #RUNS} times each in a fresh cluster. Each must be within
 * {@link #MAX_MS} (issue 19); the member's own join time is the cluster's share of it. Members run real-time like
 * the start-up runs ({@link Realtime}), for the same reason.
 */
public final class ClusterStartUp {

  public static final int RUNS = 5;
  public static final long MAX_MS = 3_000;

  private final Path home;
  private final Path logDir;

  public ClusterStartUp(Path home, Path logDir) {
    this.home = home;
    this.logDir = logDir;
  }

  public Result measure() throws Exception {
    List<long[]> first = new ArrayList<>();
    List<long[]> second = new ArrayList<>();
    List<long[]> run = new ArrayList<>();
    Path empty = Files.writeString(logDir.resolve("cluster-start-up.stdin"), "");
    // a run that joins and then waits on its input: the join is all that is timed
    for (int i = 0; i < RUNS; i++) {
      ClusterSetup cluster = new ClusterSetup(logDir, 2);
      List<MemberProcess> started = new ArrayList<>();
      try {
        MemberProcess a = start(started, cluster, 0);
        first.add(timed(a));
        MemberProcess b = start(started, cluster, 1);
        second.add(timed(b));
        MemberProcess r = MemberProcess.start(Realtime.prefix(), home, logDir, "cluster-start-up.run", cluster.runArgs("cluster-start-up.run",
            "http://127.0.0.1:9", List.of()), "bench-key", empty);
        started.add(r);
        run.add(timed(r));
      } finally {
        for (MemberProcess member : started) {
          member.stop(10_000);
        }
      }
    }
    return new Result(first, second, run);
  }

  private MemberProcess start(List<MemberProcess> started, ClusterSetup cluster, int index) throws Exception {
    String name = "cluster-start-up.server" + index;
    MemberProcess member = MemberProcess.start(Realtime.prefix(), home, logDir, name, cluster.serveArgs(index, ClusterSetup.freePort(),
        logDir.resolve(name + ".data"), "http://127.0.0.1:9", List.of()), "bench-key",
        Files.writeString(logDir.resolve(name + ".stdin"), ""));
    started.add(member);
    return member;
  }

  private static long[] timed(MemberProcess member) throws Exception {
    MemberProcess.Joined joined = member.awaitJoined(60_000);
    return new long[] {(joined.atNanos() - member.startNanos()) / 1_000_000, joined.joinMs()};
  }

  /** Per kind of member, each run's exec-to-joined and own join time, in ms. */
  public record Result(List<long[]> first, List<long[]> second, List<long[]> run) {

    public boolean passed() {
      return median(first, 0) <= MAX_MS && median(second, 0) <= MAX_MS && median(run, 0) <= MAX_MS;
    }

    public String text() {
      return line("the first serve --cluster member (the other listed member absent)", first) + "\n"
          + line("a second serve --cluster member joining it", second) + "\n"
          + line("a --cluster command-line run joining both", run);
    }

    private static String line(String what, List<long[]> runs) {
      long median = median(runs, 0);
      return String.format(Locale.ROOT, "%s clustered start-up, %s: exec to joined, median of %d: %d ms (runs %s; "
              + "joining itself, by the member's count: median %d ms, runs %s), target <= %d ms",
          median <= MAX_MS ? "PASS" : "FAIL", what, runs.size(), median, column(runs, 0), median(runs, 1),
          column(runs, 1), MAX_MS);
    }

    private static List<Long> column(List<long[]> runs, int i) {
      return runs.stream().map(r -> r[i]).toList();
    }

    private static long median(List<long[]> runs, int i) {
      List<Long> sorted = column(runs, i).stream().sorted().toList();
      return sorted.get(sorted.size() / 2);
    }
  }
}
