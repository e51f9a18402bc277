package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The dashboard runs under {@code Content-Security-Policy: default-src 'self'}: no inline script, no style attribute,
 * no inline event handler, nothing from another origin. A quick check of the files, before any browser starts.
 */
class DashboardPageTest {

  @Test
  void thePageHasNoInlineScriptStyleOrHandlerAndLoadsNothingFromElsewhere() throws IOException {
    String html = resource("index.html");
    assertThat(html.replaceAll("<script src=\"[a-z-]+\\.js\"></script>", "")).doesNotContain("<script");
    assertThat(html).doesNotContainPattern("\\sstyle\\s*=").doesNotContainPattern("\\son[a-z]+\\s*=")
        .doesNotContain("<style").doesNotContain("http://").doesNotContain("https://").doesNotContain("javascript:");
  }

  @Test
  void theScriptsSetNoStyleAttributeNorHandlerAttribute() throws IOException {
    for (String script : new String[] {"app.js", "rate-window.js", "job-card.js"}) {
      String js = resource(script);
      assertThat(js).as(script).doesNotContainPattern("setAttribute\\(\\s*'(style|on[a-z]+)'")
          .doesNotContainPattern("\\sstyle\\s*=\\s*\\\\?[\"']").doesNotContainPattern("\\son[a-z]+\\s*=\\s*\\\\?\"")
          .doesNotContain("eval(").doesNotContain("new Function");
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = DashboardPageTest.class.getResourceAsStream("/webroot/" + name)) {
      assertThat(in).as("webroot/" + name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
