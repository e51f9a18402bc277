package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/** Greps what the server wrote (its data directory, its log lines, its answers) for secret values. */
final class SecretScan {

  private SecretScan() {
  }

  /**
   * Every file under {@code dir}. A file the server replaces meanwhile (a job.json.tmp renamed over job.json) can
   * vanish between the listing and the read: then the whole directory is read again, so its new name is read too.
   */
  static void assertNoneUnder(Path dir, Collection<String> secrets) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        scanOnce(dir, secrets);
        return;
      } catch (NoSuchFileException vanished) {
        if (attempt == 5) {
          throw vanished;
        }
      }
    }
  }

  private static void scanOnce(Path dir, Collection<String> secrets) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      for (String secret : secrets) {
        assertThat(text).as("%s must not hold a secret", dir.relativize(file)).doesNotContain(secret);
      }
    }
  }

  static void assertNoneIn(Collection<String> texts, Collection<String> secrets, String what) {
    for (String text : texts) {
      for (String secret : secrets) {
        assertThat(text).as(what).doesNotContain(secret);
      }
    }
  }
}
