package dev.bulklaunch.jobs;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A job's {@code job.json}, replaced atomically and durably: after a crash or a power cut it holds either the old
 * state or the new one, whole. Blocking: called on the jobs' writer thread, and once per job at start.
 */
final class JobFile {

  static final String NAME = "job.json";
  private static final String TEMP = "job.json.tmp";

  private JobFile() {
  }

  static Path in(Path jobDir) {
    return jobDir.resolve(NAME);
  }

  /** Written to a temporary file, fsynced, renamed over the old one, and the directory fsynced (the rename itself). */
  static void write(Path jobDir, JsonObject json) throws IOException {
    Path temp = jobDir.resolve(TEMP);
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer bytes = ByteBuffer.wrap(json.encodePrettily().getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    }
    Files.move(temp, in(jobDir), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    syncDirectory(jobDir);
  }

  /** The job's last state; an unreadable or corrupt file fails with the reason. */
  static JsonObject read(Path jobDir) throws IOException {
    return new JsonObject(Files.readString(in(jobDir), StandardCharsets.UTF_8));
  }

  private static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
