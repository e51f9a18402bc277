package dev.bulklaunch.result;

import dev.bulklaunch.input.LeadIdSet;
import dev.bulklaunch.lemlist.ErrorCodes;
import dev.bulklaunch.runtime.FileWriters;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
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
import java.util.Set;
import java.util.function.Consumer;

/**
 * An append-only file of results, one JSON line each, that lets a re-run skip leads already finished.
 *
 * <p>Durability policy: every result is written with a {@code write(2)} (one per batch) as soon as it is known, so a killed
 * process loses nothing the kernel has; the file is fsynced by the process's sync pass once a second when written
 * since (see {@link FileWriters#syncedEverySecond}) and on close, so a power loss loses about the last second. A
 * torn last line (the process died mid-write) is ignored on reading.
 */
public final class Journal implements ResultSink {

  /** Results that say nothing about the lead itself: they are not journaled. */
  private static final Set<String> NOT_ABOUT_THE_LEAD =
      Set.of(ErrorCodes.DUPLICATE, ErrorCodes.RESUMED, ErrorCodes.INVALID_LEAD_ID, "DRY_RUN");
  private final FileChannel channel;
  private final boolean everyResult;
  private final FileWriters.Synced synced;

  private Journal(FileChannel channel, boolean everyResult) {
    this.channel = channel;
    this.everyResult = everyResult;
    this.synced = FileWriters.syncedEverySecond(channel);
  }

  public static Journal openForAppend(Path path) throws IOException {
    return open(path, false);
  }

  /** A journal that also keeps the results not about the lead (duplicates, invalid lines, dry runs): a job's full record. */
  public static Journal openForAppendEveryResult(Path path) throws IOException {
    return open(path, true);
  }

  private static Journal open(Path path, boolean everyResult) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    terminateTornLine(path, channel);
    return new Journal(channel, everyResult);
  }

  /** The leads with a final result in the journal; an absent file is an empty journal. */
  public static LeadIdSet finishedLeads(Path path) throws IOException {
    return finishedLeads(path, false);
  }

  /**
   * @param retryFailed  count only launched and skipped leads as finished, so leads lemlist refused are sent again
   */
  public static LeadIdSet finishedLeads(Path path, boolean retryFailed) throws IOException {
    LeadIdSet finished = new LeadIdSet();
    forEachResult(path, result -> {
      if (result.isFinal() && !(retryFailed && result.status() == Status.FAILED)) {
        finished.add(result.leadId());
      }
    });
    return finished;
  }

  /** Every readable result in a results file, in order; torn or foreign lines are skipped, an absent file is empty. */
  public static void forEachResult(Path path, Consumer<LeadResult> action) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (BufferedReader reader = reader(path)) {
      String line;
      while ((line = reader.readLine()) != null) {
        LeadResult result = parse(line);
        if (result != null) {
          action.accept(result);
        }
      }
    }
  }

  /**
   * A reader of a results file that decodes leniently: a line torn inside a multi-byte character (a crash
   * mid-write) must read as a torn line, to be skipped, not fail the whole read.
   */
  public static BufferedReader reader(Path path) throws IOException {
    return new BufferedReader(new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8));
  }

  static LeadResult parse(String line) {
    if (line.isBlank()) {
      return null;
    }
    try {
      return LeadResult.fromJson(new JsonObject(line));
    } catch (DecodeException | IllegalArgumentException | ClassCastException | NullPointerException
             | java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  @Override
  public void write(LeadResult result) throws IOException {
    writeAll(List.of(result));
  }

  /** The batch's lines in one {@code write(2)}. */
  @Override
  public void writeAll(List<LeadResult> results) throws IOException {
    StringBuilder lines = new StringBuilder(results.size() * 160);
    for (LeadResult result : results) {
      if (everyResult || result.code() == null || !NOT_ABOUT_THE_LEAD.contains(result.code())) {
        lines.append(result.toJson().encode()).append('\n');
      }
    }
    if (lines.length() == 0) {
      return;
    }
    ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
    synced.written();
  }

  /** Nothing to do: a line written is in the file for every reader, and the sync pass forces it within a second. */
  @Override
  public void flush() {
  }

  /** Forces whatever was written, even if the sync pass is forcing it right now, then closes. */
  @Override
  public void close() throws IOException {
    synced.close();
    channel.force(false);
    channel.close();
  }

  // A crash mid-write leaves a line without its newline; the next line must not be glued to it.
  private static void terminateTornLine(Path path, FileChannel channel) throws IOException {
    long size = channel.size();
    if (size == 0) {
      return;
    }
    ByteBuffer last = ByteBuffer.allocate(1);
    try (FileChannel reader = FileChannel.open(path, StandardOpenOption.READ)) {
      reader.read(last, size - 1);
    }
    if (last.get(0) != '\n') {
      channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
    }
  }
}
