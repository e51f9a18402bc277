package dev.bulklaunch.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsDateFormatTest {

  private static final long LEMLIST_EXAMPLE = Instant.parse("2021-02-16T08:02:42Z").toEpochMilli();

  @Test
  void resetHeaderIsJavaScriptDateToString() {
    assertThat(new JsDateFormat("Europe/Paris").format(LEMLIST_EXAMPLE))
      .isEqualTo("Tue Feb 16 2021 09:02:42 GMT+0100 (Central European Standard Time)");
  }

  @Test
  void utcIsCoordinatedUniversalTime() {
    assertThat(new JsDateFormat("UTC").format(LEMLIST_EXAMPLE))
      .isEqualTo("Tue Feb 16 2021 08:02:42 GMT+0000 (Coordinated Universal Time)");
  }

  @Test
  void summerTimeUsesTheDaylightName() {
    long june = Instant.parse("2021-06-05T10:00:00Z").toEpochMilli();

    assertThat(new JsDateFormat("Europe/Paris").format(june))
      .isEqualTo("Sat Jun 05 2021 12:00:00 GMT+0200 (Central European Summer Time)");
  }

  @Test
  void dateHeaderIsRfc1123() {
    assertThat(JsDateFormat.rfc1123(LEMLIST_EXAMPLE)).isEqualTo("Tue, 16 Feb 2021 08:02:42 GMT");
  }

  @Test
  void unknownZoneIsRefused() {
    assertThatThrownBy(() -> new JsDateFormat("Mars/Olympus")).isInstanceOf(IllegalArgumentException.class);
  }
}
