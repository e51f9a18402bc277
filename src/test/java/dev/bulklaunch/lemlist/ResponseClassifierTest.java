package dev.bulklaunch.lemlist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulklaunch.lemlist.Attempt.Kind;
import dev.bulklaunch.ratelimit.RateLimitHeaders;
import dev.bulklaunch.result.FinalCodes;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ResponseClassifierTest {

  private static final String BASE_URL = "https://api.lemlist.example/api";

  /** The launch route's rules. */
  private static Attempt classify(int status, String body) {
    return ResponseClassifier.launch(status, body, RateLimitHeaders.NONE, 10, BASE_URL);
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
    Attempt attempt = classify(418, "I'm a teapot");

    assertThat(attempt.kind()).isEqualTo(Kind.REFUSED);
    assertThat(attempt.code()).isEqualTo("HTTP_418");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "<html><body>Please log in to the hotel Wi-Fi</body></html>",
      "OK",
      "''",
      "[]",
      "{\"ok\":false}",
      "{\"ok\":tr"})
  void a2xxThatIsNotLemlistsJsonIsAnUnexpectedAnswerNotALaunch(String body) {
    Attempt attempt = classify(200, body);

    assertThat(attempt.kind()).isEqualTo(Kind.REFUSED);
    assertThat(attempt.code()).isEqualTo("UNEXPECTED_ANSWER");
    assertThat(attempt.http()).isEqualTo(200);
    assertThat(FinalCodes.isFinal(attempt.code())).as("a re-run tries it again").isFalse();
  }

  @Test
  void lemlistsOwn2xxIsALaunch() {
    assertThat(classify(200, "{\"ok\":true}").kind()).isEqualTo(Kind.LAUNCHED);
    assertThat(classify(200, " { \"ok\" : true }\n").kind()).isEqualTo(Kind.LAUNCHED);
    assertThat(classify(201, "{\"ok\":true,\"leadId\":\"lea_1\"}").kind()).isEqualTo(Kind.LAUNCHED);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "301 | <html>Moved</html>",
      "302 | ''",
      "307 | ''",
      "308 | ''",
      "404 | Not Found",
      "404 | {\"error\":\"NOT_FOUND\",\"message\":\"Not found\"}"})
  void aRedirectOrACodeless404MeansTheBaseUrlIsWrongAndStopsTheRun(int status, String body) {
    Attempt attempt = classify(status, body);

    assertThat(attempt.kind()).isEqualTo(Kind.FATAL);
    assertThat(attempt.code()).isEqualTo("HTTP_" + status);
    assertThat(attempt.message()).contains(String.valueOf(status)).contains(BASE_URL).doesNotContain("\n");
    assertThat(FinalCodes.isFinal(attempt.code())).as("the lead itself was never seen by lemlist").isFalse();
  }

  @Test
  void theBaseUrlInTheMessageLosesAnyUserInfo() {
    Attempt attempt = ResponseClassifier.launch(302, "", RateLimitHeaders.NONE, 1, "https://user:secret@proxy.example/api");

    assertThat(attempt.message()).contains("https://proxy.example/api").doesNotContain("secret");
  }

  @Test
  void lemlists404CodesStayTheLeadsOwn() {
    assertThat(classify(404, "{\"error\":\"CAMPAIGN_LEAD_REVIEW_LEAD_NOT_FOUND\"}").kind()).isEqualTo(Kind.REFUSED);
  }

  @ParameterizedTest
  @CsvSource({"502", "504"})
  void aBadOrTimedOutGatewayIsAmbiguousLikeATimeout(int status) {
    Attempt attempt = classify(status, "<html>" + status + " Gateway</html>");

    assertThat(attempt.kind()).isEqualTo(Kind.TRANSIENT);
    assertThat(attempt.ambiguous()).as("the lead may have been launched behind the gateway").isTrue();
  }

  @Test
  void theReadRoutesKeepTheirRules() {
    assertThat(ResponseClassifier.classify(404, "Not Found", RateLimitHeaders.NONE, 1).kind()).isEqualTo(Kind.REFUSED);
    assertThat(ResponseClassifier.classify(302, "", RateLimitHeaders.NONE, 1).kind()).isEqualTo(Kind.REFUSED);
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
