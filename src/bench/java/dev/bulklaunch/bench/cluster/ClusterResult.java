package dev.bulklaunch.bench.cluster;

import dev.bulklaunch.bench.wire.Wire;
import dev.bulklaunch.bench.wire.WireLeads;
import dev.bulklaunch.bench.wire.WireRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One cluster row's measurement and its verdict against issue 19's targets: at most the limit in any sliding window
 * at the wire, no 429, every lead one line; cluster-3 also >= {@link #MIN_TOGETHER} of the budget together; a kill
 * also the key's next request within {@link #MAX_KEY_GAP_MS} and the killed job's next lead within
 * {@link #MAX_JOB_GAP_MS}. What the event cost is reported: leads sent twice, the longest silence at the wire.
 *
 * @param firstJob the killed or frozen server's job; null when it could not move to the other server (not judged)
 */
public record ClusterResult(String name, ClusterRow.Event event, int leadsEach, String sharing, int runExit,
                            LeadLines firstJob, LeadLines secondJob, LeadLines run, long accepted, long rateLimited,
                            Wire wire, List<WireLeads.LeadRequest> launches, ClusterRow.EventTimes times) {

  static final double MIN_TOGETHER = 0.93;
  static final long MAX_KEY_GAP_MS = 10_000;
  static final long MAX_JOB_GAP_MS = 15_000;

  public int maxInAnyWindow() {
    return wire.maxInAnyWindow(ClusterRow.WINDOW_MS);
  }

  /** {@code (accepted - 1) / (((last - first request at the wire) / window) * limit)}, all three members together. */
  public double together() {
    double windows = (wire.lastMicros() - wire.firstMicros()) / 1000.0 / ClusterRow.WINDOW_MS;
    return windows <= 0 ? 0 : (accepted - 1) / (windows * ClusterRow.LIMIT);
  }

  /**
   * From the kill (or freeze) to the key's next request at the wire once the owner's death was felt, ms; -1 without
   * an event or a request. Requests granted before the event may still leave the other members at once; the key's
   * sending resumed with the first request after a silence of a whole window (or with the first request after the
   * event, when there was no such silence).
   */
  public long keyGapMs() {
    if (times.atMicros() < 0) {
      return -1;
    }
    long[] after = wire.requests().stream().mapToLong(WireRequest::atMicros).filter(t -> t > times.atMicros())
        .sorted().toArray();
    if (after.length == 0) {
      return -1;
    }
    long windowMicros = ClusterRow.WINDOW_MS * 1000;
    long previous = times.atMicros();
    for (long t : after) {
      if (t - previous >= windowMicros) {
        return (t - times.atMicros()) / 1000;
      }
      previous = t;
      if (t > times.endMicros() + 15_000_000L) {
        break;
      }
    }
    return (after[0] - times.atMicros()) / 1000;
  }

  /** From the kill to the killed server's job's next lead at the wire (sent by whoever took the job over), ms. */
  public long jobGapMs() {
    if (times.atMicros() < 0) {
      return -1;
    }
    return launches.stream().filter(l -> l.leadId().startsWith("lea_s0x") && l.atMicros() > times.atMicros())
        .mapToLong(l -> (l.atMicros() - times.atMicros()) / 1000).min().orElse(-1);
  }

  /** The longest silence at the wire from the event until 10 s after it ended, ms. */
  public long longestSilenceMs() {
    if (times.atMicros() < 0) {
      return -1;
    }
    long[] at = wire.requests().stream().mapToLong(WireRequest::atMicros).sorted().toArray();
    long longest = 0;
    long previous = times.atMicros();
    for (long t : at) {
      if (t <= times.atMicros()) {
        continue;
      }
      if (previous > times.endMicros() + 10_000_000L) {
        break;
      }
      longest = Math.max(longest, t - previous);
      previous = t;
    }
    return longest / 1000;
  }

  public List<String> failures() {
    List<String> failures = new ArrayList<>();
    if (!wire.counted()) {
      failures.add("no capture at the wire (" + wire.note() + "): the window could not be judged");
    } else if (maxInAnyWindow() > ClusterRow.LIMIT) {
      failures.add("most in any window at the wire " + maxInAnyWindow() + " > " + ClusterRow.LIMIT);
    }
    if (rateLimited > 0) {
      failures.add(rateLimited + " x 429");
    }
    if (event == ClusterRow.Event.NONE && together() < MIN_TOGETHER) {
      failures.add(String.format(Locale.ROOT, "together %.3f < %.2f of the budget", together(), MIN_TOGETHER));
    }
    if (event == ClusterRow.Event.KILL) {
      if (keyGapMs() < 0 || keyGapMs() > MAX_KEY_GAP_MS) {
        failures.add("the key's next request " + keyGapMs() + " ms after the kill (target <= " + MAX_KEY_GAP_MS + ")");
      }
      if (firstJob != null && (jobGapMs() < 0 || jobGapMs() > MAX_JOB_GAP_MS)) {
        failures.add("the killed job's next lead " + jobGapMs() + " ms after the kill (target <= " + MAX_JOB_GAP_MS + ")");
      }
    }
    check(failures, "the first server's job", firstJob);
    check(failures, "the second server's job", secondJob);
    check(failures, "the --cluster run", run);
    if (runExit != 0) {
      failures.add("the --cluster run exited " + runExit);
    }
    return failures;
  }

  private static void check(List<String> failures, String what, LeadLines lines) {
    if (lines != null && !lines.exact()) {
      failures.add(what + ": " + lines);
    }
  }

  public boolean passed() {
    return failures().isEmpty();
  }

  /** One row of the cluster table. */
  public String row() {
    return String.format(Locale.ROOT, "| %s | 3 x %d | %s | %s / %d | %d | %s | %s | %s | %d | %s |", name, leadsEach,
        event == ClusterRow.Event.NONE ? String.format(Locale.ROOT, "%.3f", together()) : "-",
        wire.counted() ? String.valueOf(maxInAnyWindow()) : "no capture", ClusterRow.LIMIT, rateLimited,
        keyGapMs() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", keyGapMs() / 1000.0),
        event != ClusterRow.Event.KILL ? "-" : firstJob == null ? "not measured (jobs cannot move yet)"
            : jobGapMs() < 0 ? "never" : String.format(Locale.ROOT, "%.1f", jobGapMs() / 1000.0),
        longestSilenceMs() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", longestSilenceMs() / 1000.0),
        WireLeads.sentAgain(launches), passed() ? "PASS" : "FAIL");
  }

  public static String header() {
    return "| row | leads | together | most in any 1 s at the wire / limit | 429s | key's next request after the "
        + "event, s | killed job's next lead, s | longest silence at the wire, s | leads sent again | result |\n"
        + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|";
  }

  /** The lines under the table: failures, and what the event cost in words. */
  public String notes() {
    StringBuilder out = new StringBuilder();
    failures().forEach(f -> out.append("FAIL ").append(name).append(": ").append(f).append('\n'));
    if (event != ClusterRow.Event.NONE) {
      out.append(String.format(Locale.ROOT, "note %s: the owner %s; the key's next request came %s s after it, the "
              + "longest silence at the wire was %.1f s, %d leads were sent twice; %s%n", name,
          event == ClusterRow.Event.KILL ? "was killed (SIGKILL) at " + (int) (ClusterRow.KILL_AT * 100) + " % of the leads"
              : "was frozen (SIGSTOP) " + ClusterRow.FROZEN_MS / 1000 + " s at " + (int) (ClusterRow.FREEZE_AT * 100)
                  + " % of the leads, then continued",
          keyGapMs() < 0 ? "never" : String.format(Locale.ROOT, "%.1f", keyGapMs() / 1000.0),
          longestSilenceMs() / 1000.0, WireLeads.sentAgain(launches), sharing));
    }
    return out.toString();
  }
}
