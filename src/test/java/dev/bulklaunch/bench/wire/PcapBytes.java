package dev.bulklaunch.bench.wire;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Builds a small pcap in memory, frame by frame, as tcpdump on Linux's {@code lo} writes one. */
final class PcapBytes {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteOrder order;
  private final boolean nanos;

  PcapBytes(ByteOrder order, boolean nanos, int linkType) {
    this.order = order;
    this.nanos = nanos;
    ByteBuffer header = ByteBuffer.allocate(24).order(order);
    header.putInt(nanos ? 0xa1b23c4d : 0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
        .putInt(262_144).putInt(linkType);
    out.writeBytes(header.array());
  }

  static PcapBytes ethernet() {
    return new PcapBytes(ByteOrder.LITTLE_ENDIAN, false, 1);
  }

  static String basic(String key) {
    return "Basic " + Base64.getEncoder().encodeToString((":" + key).getBytes(StandardCharsets.UTF_8));
  }

  static String launch(String lead, String key) {
    return "POST /api/leads/review/" + lead + " HTTP/1.1\r\nhost: 127.0.0.1:4000\r\nAuthorization: " + basic(key)
        + "\r\ncontent-length: 0\r\n\r\n";
  }

  /** An IPv4 segment from 127.0.0.1:{@code sourcePort} to port 4000 at {@code atMicros}. */
  PcapBytes ipv4(long atMicros, int sourcePort, long sequence, String payload) {
    byte[] data = payload.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer frame = ByteBuffer.allocate(14 + 20 + 20 + data.length).order(ByteOrder.BIG_ENDIAN);
    frame.put(new byte[12]).putShort((short) 0x0800);
    frame.put((byte) 0x45).put((byte) 0).putShort((short) (40 + data.length)).putInt(0).put((byte) 64).put((byte) 6)
        .putShort((short) 0).put(new byte[] {127, 0, 0, 1}).put(new byte[] {127, 0, 0, 1});
    tcp(frame, sourcePort, sequence).put(data);
    return record(atMicros, frame.array());
  }

  /** The same over IPv6, from ::1. */
  PcapBytes ipv6(long atMicros, int sourcePort, long sequence, String payload) {
    byte[] data = payload.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer frame = ByteBuffer.allocate(14 + 40 + 20 + data.length).order(ByteOrder.BIG_ENDIAN);
    frame.put(new byte[12]).putShort((short) 0x86dd);
    byte[] loopback = new byte[16];
    loopback[15] = 1;
    frame.putInt(0x60000000).putShort((short) (20 + data.length)).put((byte) 6).put((byte) 64).put(loopback).put(loopback);
    tcp(frame, sourcePort, sequence).put(data);
    return record(atMicros, frame.array());
  }

  private static ByteBuffer tcp(ByteBuffer frame, int sourcePort, long sequence) {
    return frame.putShort((short) sourcePort).putShort((short) 4000).putInt((int) sequence).putInt(0)
        .put((byte) 0x50).put((byte) 0x18).putShort((short) 65_535).putInt(0);
  }

  PcapBytes record(long atMicros, byte[] frame) {
    ByteBuffer header = ByteBuffer.allocate(16).order(order);
    header.putInt((int) (atMicros / 1_000_000)).putInt((int) (nanos ? atMicros % 1_000_000 * 1000 : atMicros % 1_000_000))
        .putInt(frame.length).putInt(frame.length);
    out.writeBytes(header.array());
    out.writeBytes(frame);
    return this;
  }

  byte[] bytes() {
    return out.toByteArray();
  }
}
