package dev.bulklaunch.bench;

import dev.bulklaunch.bench.cluster.ClusterResult;
import dev.bulklaunch.bench.cluster.ClusterRow;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The cluster rows chosen for this run (cluster-3, cluster-frozen, cluster-takeover), run in that order. */
final class ClusterRows {

  static final List<String> NAMES = List.of("cluster-3", "cluster-frozen", "cluster-takeover");
  static final int LEADS_EACH = 1_500;

  private final List<String> chosen;
  private final int leadsEach;

  ClusterRows(List<String> chosen, int leadsEach) {
    this.chosen = NAMES.stream().filter(chosen::contains).toList();
    this.leadsEach = leadsEach;
  }

  boolean isEmpty() {
    return chosen.isEmpty();
  }

  double estimatedSeconds() {
    return chosen.size() * (30 + 3.0 * leadsEach / 100);
  }

  static String describe() {
    return "cluster-3  two serve --cluster members and a --cluster run, one key, 100 per 1 s, " + LEADS_EACH + " leads each\n"
        + "cluster-frozen  the same, the key's owner frozen (SIGSTOP) past the heartbeat timeout, then continued\n"
        + "cluster-takeover  the same, the key's owner (a server) killed (SIGKILL) at 40 % of the leads";
  }

  Outcome run(Vertx vertx, Path home, Path logDir) throws Exception {
    List<ClusterResult> results = new ArrayList<>();
    for (String name : chosen) {
      ClusterRow.Event event = switch (name) {
        case "cluster-frozen" -> ClusterRow.Event.FREEZE;
        case "cluster-takeover" -> ClusterRow.Event.KILL;
        default -> ClusterRow.Event.NONE;
      };
      System.err.printf(Locale.ROOT, "running %s: 3 x %d leads ...%n", name, leadsEach);
      ClusterResult result = new ClusterRow(name, event, leadsEach, home, logDir).run(vertx);
      System.err.printf(Locale.ROOT, "  %s%n", result.passed() ? "PASS" : "FAIL " + result.failures());
      results.add(result);
    }
    StringBuilder text = new StringBuilder("\n").append(ClusterResult.header()).append('\n');
    results.forEach(r -> text.append(r.row()).append('\n'));
    text.append('\n');
    results.forEach(r -> text.append(r.notes()));
    return new Outcome(results.stream().allMatch(ClusterResult::passed), text.toString());
  }

  record Outcome(boolean passed, String text) {
  }
}
