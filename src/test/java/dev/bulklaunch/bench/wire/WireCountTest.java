package dev.bulklaunch.bench.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulklaunch.simulator.KeyLabel;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireCountTest {

  private static final long T0 = 1_800_000_000_000_000L;
  private static final String A = KeyLabel.of("key-a");
  private static final String B = KeyLabel.of("key-b");

  private static List<WireRequest> requests(byte[] pcap) {
    return RequestFinder.requests(PcapReader.segments(pcap));
  }

  @Test
  void eachRequestIsTimedByTheKernelAndNamedByItsKeysLabel() {
    byte[] pcap = PcapBytes.ethernet()
        .ipv4(T0, 50_001, 1, PcapBytes.launch("lea_1", "key-a"))
        .ipv4(T0 + 1_500, 50_002, 1, PcapBytes.launch("lea_2", "key-b"))
        .ipv4(T0 + 2_000_250, 50_001, 200, PcapBytes.launch("lea_3", "key-a"))
        .bytes();

    assertThat(requests(pcap)).containsExactly(
        new WireRequest(T0, A), new WireRequest(T0 + 1_500, B), new WireRequest(T0 + 2_000_250, A));
  }

  @Test
  void theKeyNeverAppearsInWhatIsKept() {
    byte[] pcap = PcapBytes.ethernet().ipv4(T0, 50_001, 1, PcapBytes.launch("lea_1", "secret-key-123")).bytes();

    assertThat(requests(pcap).toString()).doesNotContain("secret-key-123").doesNotContain(PcapBytes.basic("secret-key-123"));
  }

  @Test
  void aHeaderInALaterSegmentBelongsToTheRequestLineBeforeIt() {
    String launch = PcapBytes.launch("lea_1", "key-a");
    int split = launch.indexOf("Authorization") + 5;
    byte[] pcap = PcapBytes.ethernet()
        .ipv4(T0, 50_001, 1, launch.substring(0, split))
        .ipv4(T0 + 900, 50_002, 1, PcapBytes.launch("lea_2", "key-b"))
        .ipv4(T0 + 1_000, 50_001, 1 + split, launch.substring(split))
        .bytes();

    assertThat(requests(pcap)).containsExactlyInAnyOrder(new WireRequest(T0, A), new WireRequest(T0 + 900, B));
  }

  @Test
  void twoRequestsInOneSegmentAreTwo() {
    byte[] pcap = PcapBytes.ethernet()
        .ipv4(T0, 50_001, 1, PcapBytes.launch("lea_1", "key-a") + PcapBytes.launch("lea_2", "key-a")).bytes();

    assertThat(requests(pcap)).hasSize(2);
  }

  @Test
  void aRetransmissionAndARequestWithoutAKeyAreNotCounted() {
    byte[] pcap = PcapBytes.ethernet()
        .ipv4(T0, 50_001, 1, PcapBytes.launch("lea_1", "key-a"))
        .ipv4(T0 + 200_000, 50_001, 1, PcapBytes.launch("lea_1", "key-a"))
        .ipv4(T0 + 300_000, 50_003, 1, "GET /_sim/stats HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n")
        .ipv4(T0 + 400_000, 50_001, 9, "")
        .bytes();

    assertThat(requests(pcap)).containsExactly(new WireRequest(T0, A));
  }

  @Test
  void ipv6LoopbackIsReadToo() {
    byte[] pcap = PcapBytes.ethernet()
        .ipv6(T0, 50_001, 1, PcapBytes.launch("lea_1", "key-a"))
        .ipv4(T0 + 10, 50_001, 1, PcapBytes.launch("lea_2", "key-a"))
        .bytes();

    assertThat(requests(pcap)).containsExactly(new WireRequest(T0, A), new WireRequest(T0 + 10, A));
  }

  @Test
  void aBigEndianNanosecondCaptureIsReadToTheMicrosecond() {
    byte[] pcap = new PcapBytes(ByteOrder.BIG_ENDIAN, true, 1)
        .ipv4(T0 + 123_456, 50_001, 1, PcapBytes.launch("lea_1", "key-a")).bytes();

    assertThat(requests(pcap)).containsExactly(new WireRequest(T0 + 123_456, A));
  }

  @Test
  void aRecordCutShortByTheCapturesEndIsLeftOut() {
    byte[] whole = PcapBytes.ethernet()
        .ipv4(T0, 50_001, 1, PcapBytes.launch("lea_1", "key-a"))
        .ipv4(T0 + 10, 50_002, 1, PcapBytes.launch("lea_2", "key-a"))
        .bytes();

    assertThat(requests(Arrays.copyOf(whole, whole.length - 30))).containsExactly(new WireRequest(T0, A));
    assertThatThrownBy(() -> PcapReader.segments(new byte[24])).hasMessageContaining("not a pcap");
  }

  @Test
  void theMostInAnySlidingWindowIsCountedPerKey() {
    PcapBytes pcap = PcapBytes.ethernet();
    long[] aAt = {0, 100_000, 1_999_999, 2_000_000, 2_100_000, 3_500_000};
    for (int i = 0; i < aAt.length; i++) {
      pcap.ipv4(T0 + aAt[i], 50_001, 1 + 1000L * i, PcapBytes.launch("lea_a" + i, "key-a"));
    }
    pcap.ipv4(T0 + 50, 50_002, 1, PcapBytes.launch("lea_b", "key-b"));

    Map<String, KeyWindows> perKey = KeyWindows.perKey(requests(pcap.bytes()), 2_000);

    assertThat(perKey.get(A)).isEqualTo(new KeyWindows(A, 6, T0, T0 + 3_500_000, 4));
    assertThat(perKey.get(B).maxInAnyWindow()).isEqualTo(1);
    assertThat(KeyWindows.countBetween(requests(pcap.bytes()), A, T0 + 100_000, T0 + 2_100_000)).isEqualTo(3);
  }

  @Test
  void aWindowIsHalfOpen() {
    assertThat(KeyWindows.maxInAnyWindow(new long[] {0, 1_000, 2_000, 3_000}, 2_000)).isEqualTo(2);
    assertThat(KeyWindows.maxInAnyWindow(new long[] {0, 1_000, 1_999}, 2_000)).isEqualTo(3);
    assertThat(KeyWindows.maxInAnyWindow(new long[] {}, 2_000)).isZero();
  }
}
