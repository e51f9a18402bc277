package dev.bulklaunch.bench.wire;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which lead each request in a capture launched (the last path segment of {@code /leads/review/ID}) and when: for
 * what a member's death cost (leads sent twice, how long until a job's leads went out again).
 */
public final class WireLeads {

  /** One launch at the wire: the kernel's timestamp (microseconds since the epoch) and the lead's ID. */
  public record LeadRequest(long atMicros, String leadId) {
  }

  private WireLeads() {
  }

  public static List<LeadRequest> in(Path pcap) throws IOException {
    List<TcpSegment> segments = PcapReader.segments(Files.readAllBytes(pcap));
    List<WireRequest> requests = RequestFinder.requests(segments);
    List<String> targets = RequestFinder.targets(segments);
    List<LeadRequest> leads = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      String target = targets.get(i);
      int at = target.indexOf("/leads/review/");
      if (at >= 0) {
        String lead = target.substring(at + "/leads/review/".length());
        int query = lead.indexOf('?');
        leads.add(new LeadRequest(requests.get(i).atMicros(), query < 0 ? lead : lead.substring(0, query)));
      }
    }
    return leads;
  }

  /** How many leads went out more than once. */
  public static int sentAgain(List<LeadRequest> leads) {
    Map<String, Integer> perLead = new HashMap<>();
    leads.forEach(lead -> perLead.merge(lead.leadId(), 1, Integer::sum));
    return (int) perLead.values().stream().filter(n -> n > 1).count();
  }
}
