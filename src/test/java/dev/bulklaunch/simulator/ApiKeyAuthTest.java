package dev.bulklaunch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyAuthTest {

  private static String basic(String userAndPassword) {
    return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theKeyIsThePasswordAfterAnEmptyUserName() {
    assertThat(ApiKeyAuth.keyIn(basic(":secret"))).isEqualTo("secret");
  }

  @Test
  void missingMalformedOrEmptyKeysAreRefused() {
    assertThat(ApiKeyAuth.keyIn(null)).isNull();
    assertThat(ApiKeyAuth.keyIn("Bearer abc")).isNull();
    assertThat(ApiKeyAuth.keyIn("Basic !!!")).isNull();
    assertThat(ApiKeyAuth.keyIn(basic("no-colon"))).isNull();
    assertThat(ApiKeyAuth.keyIn(basic(":"))).isNull();
  }

  @Test
  void aConfiguredKeyListAdmitsOnlyThoseKeys() {
    ApiKeyAuth auth = new ApiKeyAuth(Set.of("good"));

    assertThat(auth.keyFrom(basic(":good"))).isEqualTo("good");
    assertThat(auth.keyFrom(basic(":bad"))).isNull();
  }
}
