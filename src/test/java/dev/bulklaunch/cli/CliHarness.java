package dev.bulklaunch.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import io.vertx.core.json.JsonObject;

/** Runs the command line in this JVM with a given stdin, capturing stdout and stderr. */
final class CliHarness {

  record Outcome(int exitCode, List<JsonObject> results, String stderr) {
  }

  private CliHarness() {
  }

  static synchronized Outcome run(String stdin, String... args) {
    InputStream oldIn = System.in;
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      List<JsonObject> results = Arrays.stream(out.toString(StandardCharsets.UTF_8).split("\n"))
          .filter(line -> !line.isBlank())
          .map(JsonObject::new)
          .toList();
      return new Outcome(code, results, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setIn(oldIn);
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
