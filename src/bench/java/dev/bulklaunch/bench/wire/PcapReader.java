package dev.bulklaunch.bench.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a classic pcap file (what {@code tcpdump -w} writes) into its TCP segments with a payload: a 24-byte
 * header, then per packet 16 bytes (seconds, micro- or nanoseconds, captured and original length) and the frame.
 * Frames are Ethernet (Linux's {@code lo}), Linux cooked (v1, v2), BSD loopback or raw IP; IPv4 and IPv6.
 */
final class PcapReader {

  private static final int MICROS_MAGIC = 0xa1b2c3d4;
  private static final int NANOS_MAGIC = 0xa1b23c4d;
  private static final int ETHERTYPE_IPV4 = 0x0800;
  private static final int ETHERTYPE_IPV6 = 0x86dd;
  private static final int TCP = 6;

  private PcapReader() {
  }

  static List<TcpSegment> segments(byte[] pcap) {
    if (pcap.length < 24) {
      throw new IllegalArgumentException("not a pcap file: " + pcap.length + " bytes, want a 24-byte header at least");
    }
    ByteBuffer in = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
    int magic = in.getInt(0);
    if (magic != MICROS_MAGIC && magic != NANOS_MAGIC) {
      in.order(ByteOrder.BIG_ENDIAN);
      magic = in.getInt(0);
    }
    if (magic != MICROS_MAGIC && magic != NANOS_MAGIC) {
      throw new IllegalArgumentException("not a pcap file (magic " + Integer.toHexString(in.getInt(0)) + ")");
    }
    boolean nanos = magic == NANOS_MAGIC;
    int linkType = in.getInt(20);
    List<TcpSegment> segments = new ArrayList<>();
    int at = 24;
    while (at + 16 <= pcap.length) {
      long seconds = Integer.toUnsignedLong(in.getInt(at));
      long fraction = Integer.toUnsignedLong(in.getInt(at + 4));
      int captured = in.getInt(at + 8);
      int frame = at + 16;
      if (captured < 0 || frame + captured > pcap.length) {
        break; // the last record of a capture stopped mid-write
      }
      long micros = seconds * 1_000_000 + (nanos ? fraction / 1000 : fraction);
      TcpSegment segment = segment(pcap, frame, frame + captured, linkType, micros);
      if (segment != null) {
        segments.add(segment);
      }
      at = frame + captured;
    }
    return segments;
  }

  private static TcpSegment segment(byte[] p, int start, int end, int linkType, long micros) {
    int ip;
    int etherType;
    switch (linkType) {
      case 1 -> { // Ethernet
        if (end - start < 14) {
          return null;
        }
        etherType = u16(p, start + 12);
        ip = start + 14;
      }
      case 113 -> { // Linux cooked v1
        etherType = u16(p, start + 14);
        ip = start + 16;
      }
      case 276 -> { // Linux cooked v2
        etherType = u16(p, start);
        ip = start + 20;
      }
      case 0, 108 -> { // BSD loopback: a 4-byte address family, then IP
        ip = start + 4;
        etherType = ipVersion(p, ip, end);
      }
      case 12, 101 -> { // raw IP
        ip = start;
        etherType = ipVersion(p, ip, end);
      }
      default -> throw new IllegalArgumentException("pcap link type " + linkType + " is not read here");
    }
    if (ip >= end) {
      return null;
    }
    if (etherType == ETHERTYPE_IPV4 && ip + 20 <= end && (p[ip] & 0xf0) == 0x40) {
      int headerLength = (p[ip] & 0x0f) * 4;
      int ipEnd = Math.min(end, ip + u16(p, ip + 2));
      if (p[ip + 9] != TCP) {
        return null;
      }
      String source = (p[ip + 12] & 0xff) + "." + (p[ip + 13] & 0xff) + "." + (p[ip + 14] & 0xff) + "." + (p[ip + 15] & 0xff);
      return tcp(p, ip + headerLength, ipEnd, source, micros);
    }
    if (etherType == ETHERTYPE_IPV6 && ip + 40 <= end && (p[ip] & 0xf0) == 0x60) {
      int ipEnd = Math.min(end, ip + 40 + u16(p, ip + 4));
      if (p[ip + 6] != TCP) {
        return null; // extension headers do not occur on the loopback's TCP
      }
      String source = "[" + java.util.HexFormat.of().formatHex(p, ip + 8, ip + 24) + "]";
      return tcp(p, ip + 40, ipEnd, source, micros);
    }
    return null;
  }

  private static TcpSegment tcp(byte[] p, int tcp, int end, String source, long micros) {
    if (tcp + 20 > end) {
      return null;
    }
    int payload = tcp + ((p[tcp + 12] & 0xf0) >> 4) * 4;
    if (payload >= end) {
      return null;
    }
    long sequence = Integer.toUnsignedLong(ByteBuffer.wrap(p, tcp + 4, 4).order(ByteOrder.BIG_ENDIAN).getInt());
    return new TcpSegment(micros, source + ":" + u16(p, tcp), sequence, Arrays.copyOfRange(p, payload, end));
  }

  private static int ipVersion(byte[] p, int ip, int end) {
    if (ip >= end) {
      return -1;
    }
    return switch (p[ip] & 0xf0) {
      case 0x40 -> ETHERTYPE_IPV4;
      case 0x60 -> ETHERTYPE_IPV6;
      default -> -1;
    };
  }

  private static int u16(byte[] p, int at) {
    return ((p[at] & 0xff) << 8) | (p[at + 1] & 0xff);
  }
}
