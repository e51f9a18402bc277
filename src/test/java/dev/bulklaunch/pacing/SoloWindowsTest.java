package dev.bulklaunch.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where a solo launch's time goes, window by window, against the simulator's fixed window (it opens at the first
 * arrival after the last one ended), on a fake clock ({@link SharedKeyRun} alone on the key, 32 in flight, answers
 * 20-120 ms after arrival with a millisecond Retry-After, 1,500 leads).
 *
 * <p>No window of the wire may hold more than the limit, so the request {@code limit} places after another
 * arrives a window (and the margin) after it: the last arrival is at least fourteen windows and margins after the
 * first window's last, and the bench's figure, (accepted - limit) over first-to-last arrival, loses exactly the
 * margins (14 x 20 ms, 1.9 %) and the spread of the first window, which every later one repeats. Warm, that spread
 * is what 32 in flight carry (about 240 ms: 0.962). A cold launcher reads the first window's answers late, its
 * places in flight stay taken, the first window spreads over some 450 ms and the whole run keeps that shape (0.949,
 * as the bench measures 0.945): the cost is the launcher's warm-up, not the budget's.
 */
class SoloWindowsTest {

  private static List<List<Long>> windows(List<Long> arrivals) {
    List<List<Long>> windows = new ArrayList<>();
    long end = Long.MIN_VALUE;
    for (long t : arrivals) {
      if (t >= end) {
        windows.add(new ArrayList<>());
        end = t + SharedKeyRun.WINDOW;
      }
      windows.get(windows.size() - 1).add(t);
    }
    return windows;
  }

  private static SharedKeyRun solo() {
    SharedKeyRun run = new SharedKeyRun();
    run.backgroundEveryMs = Long.MAX_VALUE / 4;
    run.maxInFlight = 32;
    return run;
  }

  @Test
  void eachWindowOpensAMarginAfterTheLastAndRepeatsTheFirstOnesSpread() {
    for (long seed = 1; seed <= 4; seed++) {
      SharedKeyRun.Result result = solo().run(seed);
      List<List<Long>> windows = windows(result.accepted().get(0));
      for (int k = 2; k < windows.size(); k++) {
        long late = windows.get(k).get(0) - (windows.get(k - 1).get(0) + SharedKeyRun.WINDOW);
        assertThat(late).as("window %d opens after the last one's end, seed %d", k, seed).isBetween(0L, 25L);
        assertThat(windows.get(k)).as("window %d, seed %d", k, seed).hasSize(SharedKeyRun.LIMIT);
      }
      List<Long> first = windows.get(0);
      List<Long> last = windows.get(windows.size() - 1);
      assertThat(last.get(last.size() - 1) - last.get(0)).as("the last window's spread, seed %d", seed)
          .isLessThanOrEqualTo(first.get(first.size() - 1) - first.get(0) + 60);
      assertThat(result.maxInAnyWindow()).isLessThanOrEqualTo(SharedKeyRun.LIMIT);
      assertThat(result.utilizationLessOneLimit(SharedKeyRun.LIMIT)).as("bench figure, seed %d", seed)
          .isGreaterThanOrEqualTo(0.955);
    }
  }

  @Test
  void aColdFirstWindowSetsTheShapeOfTheRun() {
    for (long seed = 1; seed <= 4; seed++) {
      SharedKeyRun warm = solo();
      SharedKeyRun cold = solo();
      cold.coldReadDelayMs = 150;
      double lost = warm.run(seed).utilizationLessOneLimit(SharedKeyRun.LIMIT)
          - cold.run(seed).utilizationLessOneLimit(SharedKeyRun.LIMIT);
      assertThat(lost).as("lost to a cold first window, seed %d", seed).isBetween(0.005, 0.025);
    }
  }
}
