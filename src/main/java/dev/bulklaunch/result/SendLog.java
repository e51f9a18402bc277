package dev.bulklaunch.result;

import dev.bulklaunch.input.LeadIdSet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Beside a journal, the leads whose request was about to leave: one ID per line, written before each send. A run
 * that dies with requests in flight leaves no result for them, but leaves this trace; on resume such a lead's
 * ALREADY_LAUNCHED means our own earlier request launched it, and it is reported {@code launched}, as within a run
 * after a lost answer.
 */
public final class SendLog implements AutoCloseable {

  private final FileChannel channel;

  private SendLog(FileChannel channel) {
    this.channel = channel;
  }

  public static Path beside(Path journal) {
    return journal.resolveSibling(journal.getFileName() + ".sending");
  }

  public static SendLog open(Path path) throws IOException {
    return new SendLog(FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND));
  }

  /** One {@code write(2)}: the kernel has it before the request leaves, so a killed process still leaves it. */
  public void sending(String leadId) throws IOException {
    sending(List.of(leadId));
  }

  /** Several leads about to leave, in one {@code write(2)}. */
  public void sending(List<String> leadIds) throws IOException {
    StringBuilder lines = new StringBuilder(leadIds.size() * 24 + 1).append('\n');
    for (String leadId : leadIds) {
      lines.append(leadId).append('\n');
    }
    ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }

  /** The leads ever about to be sent; an absent file is none. Torn or empty lines are skipped. */
  public static LeadIdSet read(Path path) throws IOException {
    LeadIdSet sent = new LeadIdSet();
    if (!Files.exists(path)) {
      return sent;
    }
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank()) {
          sent.add(line.strip());
        }
      }
    }
    return sent;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
