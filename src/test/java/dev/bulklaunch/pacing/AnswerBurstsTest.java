package dev.bulklaunch.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A server that holds every answer due in the first 400 ms of each 2 s until then (the bench's answer-bursts row),
 * at the launcher's default 10 in flight, on a fake clock ({@link SharedKeyRun}, alone on the key).
 *
 * <p>What bounds it is the in-flight cap, not the budget: a request whose answer falls in a hold keeps its place
 * in flight for 200 ms more on average, so ten places carry about 91 requests a second (Little's law: 10 over
 * 70 ms of latency plus a fifth of answers held 200 ms), which the bench's figure, (accepted - limit) over the span,
 * reads as 0.85. A greedy pacer that knows every arrival exactly gets 0.846 with the 20 ms margin (0.858 without).
 */
class AnswerBurstsTest {

  @Test
  void heldAnswersNeverPushMoreThanTheLimitIntoAWindowAndCostOnlyWhatTheInFlightCapDoes() {
    for (long seed = 1; seed <= 4; seed++) {
      SharedKeyRun run = new SharedKeyRun();
      run.backgroundEveryMs = Long.MAX_VALUE / 4;
      run.answerHoldEveryMs = 2_000;
      run.answerHoldMs = 400;
      SharedKeyRun.Result result = run.run(seed);
      assertThat(result.maxInAnyWindow()).as("most in any window, seed %d", seed)
          .isLessThanOrEqualTo(SharedKeyRun.LIMIT);
      assertThat(result.launcherRateLimited()).as("429s, seed %d", seed).isZero();
      assertThat(result.utilizationLessOneLimit(SharedKeyRun.LIMIT)).as("bench figure, seed %d", seed)
          .isGreaterThanOrEqualTo(0.83);
    }
  }
}
