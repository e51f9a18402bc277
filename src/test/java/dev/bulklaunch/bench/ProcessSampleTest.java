package dev.bulklaunch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcessSampleTest {

  @Test
  void cpuTicksAreUtimePlusStime() {
    String stat = "4242 (java) S 1 4242 4242 0 -1 4194304 51234 0 12 0 734 121 0 0 20 0 31 0 5012 3914211328 31522 "
        + "18446744073709551615 1 1 0 0 0 0 0 4096 16796879 0 0 0 17 1 0 0 0 0 0";

    assertThat(ProcessSample.cpuTicks(stat)).isEqualTo(734 + 121);
  }

  @Test
  void reapedChildrenCpuIsCutimePlusCstime() {
    String stat = "4242 (java) S 1 4242 4242 0 -1 4194304 51234 0 12 0 734 121 310 42 20 0 31 0 5012 3914211328 31522";

    assertThat(ProcessSample.reapedChildrenCpuTicks(stat)).isEqualTo(310 + 42);
  }

  @Test
  void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
    String stat = "77 (my (odd) cmd) R 1 77 77 0 -1 0 0 0 0 0 10 5 0 0 20 0 1 0 100 0 0";

    assertThat(ProcessSample.cpuTicks(stat)).isEqualTo(15);
  }

  @Test
  void peakRssIsVmHwmInKilobytes() {
    String status = "Name:\tjava\nVmPeak:\t 4000000 kB\nVmHWM:\t  128512 kB\nVmRSS:\t  120000 kB\n";

    assertThat(ProcessSample.peakRssKb(status)).isEqualTo(128_512);
  }

  @Test
  void aZombieWithoutMemoryFiguresReportsNoPeak() {
    assertThat(ProcessSample.peakRssKb("Name:\tjava\nState:\tZ (zombie)\n")).isZero();
  }

  @Test
  void aLaterReadingNeverLowersTheFigures() {
    assertThat(new ProcessSample(10, 0).atLeast(new ProcessSample(12, 900))).isEqualTo(new ProcessSample(12, 900));
  }

  @Test
  void thisProcessCanBeReadFromProc() throws Exception {
    Path self = Path.of("/proc/self");
    if (!Files.exists(self)) {
      return;
    }
    assertThat(ProcessSample.cpuTicks(Files.readString(self.resolve("stat")))).isPositive();
    assertThat(ProcessSample.peakRssKb(Files.readString(self.resolve("status")))).isPositive();
  }
}
