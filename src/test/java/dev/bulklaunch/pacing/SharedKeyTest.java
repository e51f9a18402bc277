package dev.bulklaunch.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A key shared with another consumer spending evenly, or with a second launcher, on a fake clock ({@link SharedKeyRun}:
 * 100/1s fixed window, answers 20-120 ms after arrival, at most 10 in flight, 1,500 leads each).
 */
class SharedKeyTest {

  @Test
  void takesWhatAnEvenNeighbourLeavesAndLeavesItItsShare() {
    for (long seed = 1; seed <= 4; seed++) {
      SharedKeyRun run = new SharedKeyRun();
      // Requests reach the server up to 30 ms after they left, out of order: the launcher's connections on a busy
      // machine. Bursting, ours then overtook the neighbour's at the window's end (97-98 % of its requests taken,
      // 10-17 x 429 of ours), and a run whose estimate of it came out high kept it (0.27 of what is left).
      run.maxTransitMs = 30;
      SharedKeyRun.Result result = run.run(seed);
      assertThat(result.utilization(50)).as("share of what is left, seed %d", seed).isGreaterThanOrEqualTo(0.95);
      assertThat(result.launcherRateLimitedShare()).as("429s, seed %d", seed).isLessThanOrEqualTo(0.01);
      assertThat(result.backgroundAcceptance()).as("the neighbour's accepted, seed %d", seed)
          .isGreaterThanOrEqualTo(0.98);
    }
  }

  /**
   * On a quiet machine (requests reach the server within a millisecond) the launcher leaves the neighbour its share
   * and nothing more. Leaving it a whole request of slack beyond its estimated spending each window, the launcher
   * spent 2 % less than what was left (0.912 of the bench's figure, as the bench's background-50 row measured).
   */
  @Test
  void leavesAnEvenNeighbourNoMoreThanItsShare() {
    for (long seed = 1; seed <= 4; seed++) {
      SharedKeyRun run = new SharedKeyRun();
      run.maxInFlight = 32;
      SharedKeyRun.Result result = run.run(seed);
      assertThat(result.utilizationLessOneLimit(50)).as("bench figure, seed %d (0.933 at most)", seed)
          .isGreaterThanOrEqualTo(0.925);
      assertThat(result.launcherRateLimited()).as("429s, seed %d", seed).isZero();
      assertThat(result.backgroundAcceptance()).as("the neighbour's accepted, seed %d", seed).isEqualTo(1.0);
    }
  }

  @Test
  void twoLaunchersOnOneKeyUseItTogether() {
    for (long seed = 1; seed <= 4; seed++) {
      SharedKeyRun run = new SharedKeyRun();
      run.launchers = 2;
      run.backgroundEveryMs = Long.MAX_VALUE / 4;
      run.maxTransitMs = 20;
      SharedKeyRun.Result result = run.run(seed);
      // Each took the other's opening burst for its spending rate all window long, left it that, and both stalled
      // at 0.20 of the budget together.
      assertThat(result.utilization(100)).as("together, seed %d", seed).isGreaterThanOrEqualTo(0.85);
      assertThat(result.launcherRateLimitedShare()).as("429s, seed %d", seed).isLessThanOrEqualTo(0.01);
    }
  }

  @Test
  void whenTheNeighbourStopsTheWholeBudgetIsBackWithinTwoWindows() {
    for (long seed = 1; seed <= 4; seed++) {
      SharedKeyRun run = new SharedKeyRun();
      run.backgroundStopsAtMs = 7_500;
      SharedKeyRun.Result result = run.run(seed);
      assertThat(result.utilizationBetween(7_500 + 2 * SharedKeyRun.WINDOW, Long.MAX_VALUE, 100))
          .as("whole budget from two windows after it stopped, seed %d", seed).isGreaterThanOrEqualTo(0.95);
      assertThat(result.launcherRateLimited()).as("429s, seed %d", seed).isZero();
    }
  }
}
