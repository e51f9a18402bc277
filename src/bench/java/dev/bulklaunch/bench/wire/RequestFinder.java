package dev.bulklaunch.bench.wire;

import dev.bulklaunch.simulator.KeyLabel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds HTTP/1 requests in captured TCP segments, per sending connection: a request is timed by the segment that
 * carries its request line and belongs to the key of its {@code Authorization: Basic} header, which may come in a
 * later segment. Requests without that header (the bench's own statistics reads) are not counted. The key is decoded
 * only to compute its label; it is never kept.
 */
final class RequestFinder {

  private static final Pattern REQUEST_LINE = Pattern.compile("(?:GET|POST|PUT|PATCH|DELETE) /\\S* HTTP/1\\.[01]\r\n");
  private static final String HEADER_END = "\r\n\r\n";

  private final Map<String, Pending> pendingByFlow = new HashMap<>();
  private final Set<String> segmentsSeen = new HashSet<>();
  private final Map<String, String> labelByAuthorization = new HashMap<>();
  private final List<WireRequest> requests = new ArrayList<>();
  private final List<String> targets = new ArrayList<>();

  private static final class Pending {
    final long atMicros;
    final StringBuilder head = new StringBuilder();

    Pending(long atMicros) {
      this.atMicros = atMicros;
    }
  }

  static List<WireRequest> requests(List<TcpSegment> segments) {
    RequestFinder finder = new RequestFinder();
    segments.forEach(finder::accept);
    return finder.requests;
  }

  /** The request target (path) of every request with a key, in capture order: which lead each one launched. */
  static List<String> targets(List<TcpSegment> segments) {
    RequestFinder finder = new RequestFinder();
    segments.forEach(finder::accept);
    return finder.targets;
  }

  private void accept(TcpSegment segment) {
    if (!segmentsSeen.add(segment.flow() + "@" + segment.sequence())) {
      return; // a retransmission carries no new request
    }
    String text = new String(segment.payload(), StandardCharsets.ISO_8859_1);
    Pending pending = pendingByFlow.remove(segment.flow());
    int at = 0;
    Matcher requestLine = REQUEST_LINE.matcher(text);
    while (at < text.length()) {
      if (pending == null) {
        if (!requestLine.find(at)) {
          return;
        }
        pending = new Pending(segment.atMicros());
        at = requestLine.start();
      }
      int end = text.indexOf(HEADER_END, at);
      if (end < 0) {
        pending.head.append(text, at, text.length());
        pendingByFlow.put(segment.flow(), pending);
        return;
      }
      pending.head.append(text, at, end + HEADER_END.length());
      finish(pending);
      pending = null;
      at = end + HEADER_END.length();
    }
  }

  private void finish(Pending pending) {
    String authorization = header(pending.head, "authorization");
    if (authorization == null) {
      return;
    }
    String label = labelByAuthorization.computeIfAbsent(authorization, RequestFinder::labelOf);
    if (label != null) {
      requests.add(new WireRequest(pending.atMicros, label));
      String line = pending.head.substring(0, Math.max(0, pending.head.indexOf("\r\n")));
      String[] parts = line.split(" ");
      targets.add(parts.length >= 2 ? parts[1] : "");
    }
  }

  private static String header(CharSequence head, String name) {
    for (String line : head.toString().split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon == name.length() && line.regionMatches(true, 0, name, 0, name.length())) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  private static String labelOf(String authorization) {
    if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? null : KeyLabel.of(decoded.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
