package dev.bulklaunch.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulklaunch.bench.wire.Wire;
import dev.bulklaunch.bench.wire.WireLeads;
import dev.bulklaunch.bench.wire.WireRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterResultTest {

  private static final long T0 = 1_800_000_000_000_000L;
  private static final long KILL = T0 + 10_000_000;

  @Test
  void theKeysNextRequestAfterAKillIsTheFirstAfterAWholeWindowsSilenceNotOneTheDeadOwnerAlreadyGranted() {
    List<WireRequest> requests = new ArrayList<>(every(T0, 10_000_000, 10_000)); // 100 per second until the kill
    requests.add(new WireRequest(KILL + 30_000, "key-1")); // granted before the kill, sent by another member
    requests.addAll(every(KILL + 2_500_000, 5_000_000, 10_000)); // the new owner, 2.5 s after the kill
    ClusterResult result = result(requests, List.of(), new ClusterRow.EventTimes(KILL, KILL));

    assertThat(result.keyGapMs()).isEqualTo(2_500);
    assertThat(result.longestSilenceMs()).isEqualTo(2_470);
  }

  @Test
  void withoutASilenceTheKeysNextRequestIsSimplyTheFirstAfterTheEvent() {
    List<WireRequest> requests = every(T0, 20_000_000, 10_000);
    ClusterResult result = result(requests, List.of(), new ClusterRow.EventTimes(KILL, KILL));

    assertThat(result.keyGapMs()).isEqualTo(10);
  }

  @Test
  void theKilledJobsNextLeadCountsOnlyItsOwnLeadsAfterTheKill() {
    List<WireLeads.LeadRequest> launches = List.of(new WireLeads.LeadRequest(KILL - 5_000, "lea_s0x000001"),
        new WireLeads.LeadRequest(KILL + 1_000_000, "lea_s1x000001"),
        new WireLeads.LeadRequest(KILL + 4_000_000, "lea_s0x000002"));
    ClusterResult result = result(every(T0, 20_000_000, 10_000), launches, new ClusterRow.EventTimes(KILL, KILL));

    assertThat(result.jobGapMs()).isEqualTo(4_000);
  }

  @Test
  void oneWindowOverTheLimitAtTheWireFailsTheRowAndSaysSo() {
    List<WireRequest> requests = every(T0, 2_000_000, 9_900); // 101 inside one second
    ClusterResult result = result(requests, List.of(), ClusterRow.EventTimes.NONE);

    assertThat(result.maxInAnyWindow()).isEqualTo(102);
    assertThat(result.failures()).anyMatch(f -> f.startsWith("most in any window at the wire 102 > 100"));
  }

  @Test
  void aLeadOnTwoLinesOrOnNoneIsCounted() {
    LeadLines lines = LeadLines.of(List.of("lea_1", "lea_2", "lea_3"),
        List.of("{\"leadId\":\"lea_1\"}", "{\"leadId\":\"lea_1\"}", "{\"leadId\":\"lea_2\"}", "{\"leadId\":\"lea_9\"}"));

    assertThat(lines).isEqualTo(new LeadLines(3, 1, 1, 1));
    assertThat(lines.exact()).isFalse();
  }

  private static ClusterResult result(List<WireRequest> requests, List<WireLeads.LeadRequest> launches,
                                      ClusterRow.EventTimes times) {
    LeadLines none = LeadLines.of(List.of(), List.of());
    return new ClusterResult("cluster-takeover", times == ClusterRow.EventTimes.NONE ? ClusterRow.Event.NONE
        : ClusterRow.Event.KILL, 1, "one data directory for both servers", 0, none, none, none, requests.size(), 0,
        new Wire(true, "", requests, 0), launches, times);
  }

  private static List<WireRequest> every(long from, long spanMicros, long gapMicros) {
    List<WireRequest> requests = new ArrayList<>();
    for (long t = from; t < from + spanMicros; t += gapMicros) {
      requests.add(new WireRequest(t, "key-1"));
    }
    return requests;
  }
}
