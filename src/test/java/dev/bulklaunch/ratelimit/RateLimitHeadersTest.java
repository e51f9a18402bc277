package dev.bulklaunch.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {

  // Tue Feb 16 2021 09:02:40 GMT+0100 = 08:02:40Z
  private static final long SERVER_NOW = ZonedDateTime.parse("2021-02-16T08:02:40Z").toInstant().toEpochMilli();

  private static RateLimitHeaders parse(Map<String, String> headers) {
    return RateLimitHeaders.parse(headers::get, SERVER_NOW);
  }

  @Test
  void readsLemlistsJavaScriptDateReset() {
    RateLimitHeaders h = parse(Map.of("X-RateLimit-Limit", "20", "X-RateLimit-Remaining", "7",
        "X-RateLimit-Reset", "Tue Feb 16 2021 09:02:42 GMT+0100 (Central European Standard Time)", "Retry-After", "2"));

    assertThat(h.limit()).isEqualTo(20);
    assertThat(h.remaining()).isEqualTo(7);
    assertThat(h.resetInMs()).isEqualTo(2_000);
    assertThat(h.retryAfterMs()).isEqualTo(2_000);
  }

  @Test
  void acceptsAnyZoneNameInParenthesesAndNone() {
    assertThat(parse(Map.of("X-RateLimit-Reset", "Tue Feb 16 2021 08:02:43 GMT+0000 (Coordinated Universal Time)"))
        .resetInMs()).isEqualTo(3_000);
    assertThat(parse(Map.of("X-RateLimit-Reset", "Tue Feb 16 2021 03:02:43 GMT-0500 (hora estándar oriental)"))
        .resetInMs()).isEqualTo(3_000);
    assertThat(parse(Map.of("X-RateLimit-Reset", "Tue Feb 16 2021 08:02:43 GMT+0000")).resetInMs()).isEqualTo(3_000);
  }

  @Test
  void acceptsRfc1123EpochSecondsEpochMillisAndDeltas() {
    assertThat(parse(Map.of("X-RateLimit-Reset", "Tue, 16 Feb 2021 08:02:41 GMT")).resetInMs()).isEqualTo(1_000);
    assertThat(parse(Map.of("X-RateLimit-Reset", String.valueOf(SERVER_NOW / 1000 + 4))).resetInMs()).isEqualTo(4_000);
    assertThat(parse(Map.of("X-RateLimit-Reset", String.valueOf(SERVER_NOW + 1_500))).resetInMs()).isEqualTo(1_500);
    assertThat(parse(Map.of("X-RateLimit-Reset", "2")).resetInMs()).isEqualTo(2_000);
    assertThat(parse(Map.of("Retry-After", "0.734")).retryAfterMs()).isEqualTo(734);
    assertThat(parse(Map.of("Retry-After", "Tue, 16 Feb 2021 08:02:45 GMT")).retryAfterMs()).isEqualTo(5_000);
  }

  @Test
  void garbageIsIgnoredNotFatal() {
    RateLimitHeaders h = parse(Map.of("X-RateLimit-Limit", "lots", "X-RateLimit-Remaining", "-3",
        "X-RateLimit-Reset", "soon-ish", "Retry-After", "Tue Feb 31 2021 99:99:99 GMT+0100"));

    assertThat(h.limit()).isNull();
    assertThat(h.remaining()).isZero();
    assertThat(h.resetInMs()).isNull();
    assertThat(h.retryAfterMs()).isNull();
  }

  @Test
  void aResetInThePastMeansNoWait() {
    assertThat(parse(Map.of("X-RateLimit-Reset", "Tue, 16 Feb 2021 08:00:00 GMT")).resetInMs()).isZero();
  }

  @Test
  void absentHeadersAreEmpty() {
    assertThat(parse(Map.of()).isEmpty()).isTrue();
  }

  @Test
  void datesThatAlternateOrRepeatAreEachReadAsThemselves() {
    String js = "Tue Feb 16 2021 09:02:42 GMT+0100 (Central European Standard Time)";
    String rfc = "Tue, 16 Feb 2021 08:02:41 GMT";
    String later = "Tue, 16 Feb 2021 08:02:45 GMT";
    for (int round = 0; round < 3; round++) {
      assertThat(HeaderTimes.parseDate(js)).isEqualTo(SERVER_NOW + 2_000);
      assertThat(HeaderTimes.parseDate(rfc)).isEqualTo(SERVER_NOW + 1_000);
      assertThat(HeaderTimes.parseDate("not a date")).isNull();
      assertThat(HeaderTimes.parseDate(js)).isEqualTo(SERVER_NOW + 2_000);
      assertThat(HeaderTimes.parseDate(later)).isEqualTo(SERVER_NOW + 5_000);
    }
  }

  @Test
  void aRetryAfterInSecondsWithThreeDecimalsIsStatedToTheMillisecond() {
    assertThat(parse(Map.of("Retry-After", "0.734")).retryAfterToTheMs()).isTrue();
    assertThat(parse(Map.of("Retry-After", "12.030")).retryAfterToTheMs()).isTrue();
    for (String coarser : new String[] {"1", "0.5", "0.73", "1.2345", "Tue, 16 Feb 2021 08:02:41 GMT", ".734", "x.734"}) {
      assertThat(parse(Map.of("Retry-After", coarser)).retryAfterToTheMs()).as(coarser).isFalse();
    }
    assertThat(RateLimitHeaders.NONE.retryAfterToTheMs()).isFalse();
  }

  @Test
  void aResetIsReadWithWhatItWasStatedTo() {
    assertThat(HeaderTimes.resolutionMs("1764000001")).as("epoch seconds").isEqualTo(1000);
    assertThat(HeaderTimes.resolutionMs("1")).as("delta seconds").isEqualTo(1000);
    assertThat(HeaderTimes.resolutionMs("0.734")).as("delta to the ms").isEqualTo(1);
    assertThat(HeaderTimes.resolutionMs("1764000001437")).as("epoch milliseconds").isEqualTo(1);
    assertThat(HeaderTimes.resolutionMs("Tue, 24 Nov 2026 16:00:01 GMT")).as("HTTP date").isEqualTo(1000);
    assertThat(HeaderTimes.resolutionMs(null)).isEqualTo(1);
  }
}
