package dev.bulklaunch.web;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A test class whose tests start a {@link TestServer} on a fresh data directory; none is left running after a test. */
abstract class ServerFixture {

  @TempDir
  Path dataDir;

  TestServer server;

  @AfterEach
  void closeServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }
}
