package dev.bulklaunch.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulklaunch.pacing.AnswerReport;
import dev.bulklaunch.pacing.Permit;
import dev.bulklaunch.ratelimit.RateLimitHeaders;
import org.junit.jupiter.api.Test;

/** An answer reported to a key's owner in another process arrives as it was sent. */
class PermitMessagesTest {

  @Test
  void anAnswerCrossesTheBusWithItsWaitBeforeTheWrite() {
    AnswerReport sent = new AnswerReport(200, new RateLimitHeaders(20, 7, 1_500L, null), 120, false, 340);

    AnswerReport received = PermitMessages.answer(PermitMessages.report("m1", new Permit(3, 1_000), sent));

    assertThat(received).isEqualTo(sent);
  }
}
