package dev.bulklaunch.lemlist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulklaunch.lemlist.Attempt.Kind;
import dev.bulklaunch.ratelimit.RateLimitHeaders;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ResponseClassifierTest {

  private static Attempt classify(int status, String body) {
    return ResponseClassifier.classify(status, body, RateLimitHeaders.NONE, 10);
  }

  @ParameterizedTest
  @CsvSource({
      "400, CAMPAIGN_LEAD_REVIEW_LEAD_PAUSED, REFUSED",
      "400, CAMPAIGN_LEAD_REVIEW_LEAD_ALREADY_LAUNCHED, ALREADY_LAUNCHED",
      "400, CAMPAIGN_LEAD_REVIEW_LEAD_AI_VARIABLE_INVALID, REFUSED",
      "400, CAMPAIGN_LEAD_REVIEW_LEAD_NO_SENDER_AVAILABLE, REFUSED",
      "400, CAMPAIGN_LEAD_REVIEW_CAMPAIGN_STEP_ERRORS, REFUSED",
      "404, CAMPAIGN_LEAD_REVIEW_LEAD_NOT_FOUND, REFUSED",
      "404, CAMPAIGN_LEAD_REVIEW_CAMPAIGN_NOT_FOUND, REFUSED",
      "418, SOMETHING_NEW, REFUSED"})
  void everyLemlistCodeKeepsItsCode(int status, String code, Kind kind) {
    Attempt attempt = classify(status, "{\"error\":\"" + code + "\",\"message\":\"why\"}");

    assertThat(attempt.kind()).isEqualTo(kind);
    assertThat(attempt.code()).isEqualTo(code);
    assertThat(attempt.message()).isEqualTo("why");
    assertThat(attempt.http()).isEqualTo(status);
  }

  @Test
  void okIsLaunched() {
    assertThat(classify(200, "{\"ok\":true}").kind()).isEqualTo(Kind.LAUNCHED);
  }

  @Test
  void unauthorizedAndWrongMethodAndPlanStopTheRun() {
    assertThat(classify(401, "Unauthorized").kind()).isEqualTo(Kind.FATAL);
    assertThat(classify(405, "").kind()).isEqualTo(Kind.FATAL);
    assertThat(classify(403, "{\"error\":\"PLAN_NOT_ALLOWED\"}").kind()).isEqualTo(Kind.FATAL);
    assertThat(classify(400, "{\"message\":\"This endpoint requires an emailPro plan or higher\"}").kind())
        .isEqualTo(Kind.FATAL);
  }

  @Test
  void serverErrorsAreTransientAndNamedByStatus() {
    Attempt attempt = classify(503, "<html>busy</html>");

    assertThat(attempt.kind()).isEqualTo(Kind.TRANSIENT);
    assertThat(attempt.code()).isEqualTo("HTTP_503");
    assertThat(attempt.ambiguous()).isFalse();
  }

  @Test
  void tooManyRequestsIsRateLimited() {
    assertThat(classify(429, "").kind()).isEqualTo(Kind.RATE_LIMITED);
  }

  @Test
  void a4xxWithoutACodeIsNamedByItsStatus() {
    Attempt attempt = classify(404, "Not Found");

    assertThat(attempt.kind()).isEqualTo(Kind.REFUSED);
    assertThat(attempt.code()).isEqualTo("HTTP_404");
  }

  @Test
  void timeoutsAndLostConnectionsAreAmbiguous() {
    assertThat(ResponseClassifier.timeout(30_000).ambiguous()).isTrue();
    assertThat(ResponseClassifier.timeout(30_000).code()).isEqualTo("TIMEOUT");
    Attempt lost = ResponseClassifier.networkError(new java.io.IOException("Connection reset"), 5);
    assertThat(lost.ambiguous()).isTrue();
    assertThat(lost.code()).isEqualTo("NETWORK_ERROR");
    assertThat(ResponseClassifier.networkError(new TimeoutException(), 1).message()).isEqualTo("TimeoutException");
  }

  @Test
  void anOverlongMessageIsClipped() {
    Attempt attempt = classify(400, "{\"error\":\"X\",\"message\":\"" + "m".repeat(5000) + "\"}");

    assertThat(attempt.message()).hasSizeLessThan(400);
  }
}
