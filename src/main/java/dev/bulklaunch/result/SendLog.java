package dev.bulklaunch.result;

import dev.bulklaunch.input.LeadIdSet;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Beside a journal, the leads whose request was about to leave: one ID per line, noted before each send. A run
 * that dies with requests in flight leaves no result for them, but leaves this trace; on resume such a lead's
 * ALREADY_LAUNCHED means our own earlier request launched it, and it is reported {@code launched}, as within a run
 * after a lost answer.
 *
 * <p>The file is written through a shared memory mapping, a segment at a time: a note is a copy into pages the kernel
 * already holds, so the event loop notes each lead itself, with no system call and no thread hand-off per lead (in
 * the many-keys bench those cost a fifth of the server's CPU), and a killed process leaves every note it made, as a
 * {@code write(2)} would. Segments after the first are mapped and their pages touched ahead, off the event loop
 * ({@link #prepareNextSegment}). Until its room is used the file ends in zero bytes, and it keeps them when the log
 * is closed (less than two segments a run): giving the room back would cut off whoever mapped after it, a job's next
 * run or another member that took the job over, whose next note would then fault. A reader skips zero bytes, and a
 * line that ends in them instead of a newline (a process killed mid-copy) is a note torn before its request could
 * leave.
 *
 * <p>One writer: {@link #tryNote} and {@link #wantsNextSegment} on one thread (the job's event loop); {@link
 * #prepareNextSegment} and, after the last note, {@link #close} on another (a writer lane), one at a time.
 */
public final class SendLog implements AutoCloseable {

  static final int SEGMENT_BYTES = 16 * 1024;
  private static final int PAGE_BYTES = 4096;

  private final FileChannel channel;
  private MappedByteBuffer current;
  private long currentEnd;
  private volatile MappedByteBuffer next;
  private volatile long nextEnd;
  private boolean nextAsked;

  private SendLog(FileChannel channel) {
    this.channel = channel;
  }

  public static Path beside(Path journal) {
    return journal.resolveSibling(journal.getFileName() + ".sending");
  }

  /** Opens the log for more notes, after whatever the file holds (an earlier run's notes and unused room). */
  public static SendLog open(Path path) throws IOException {
    SendLog log = new SendLog(FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE));
    try {
      log.prepareNextSegment();
    } catch (IOException e) {
      log.channel.close();
      throw e;
    }
    log.current = log.next;
    log.currentEnd = log.nextEnd;
    log.next = null;
    return log;
  }

  /**
   * Notes one lead if the mapped room holds it; false when the next segment is not ready yet (then {@link
   * #prepareNextSegment} has been asked for, see {@link #wantsNextSegment}, and the note is to be retried after it).
   */
  public boolean tryNote(String leadId) {
    byte[] id = leadId.getBytes(StandardCharsets.UTF_8);
    if (current.remaining() < id.length + 1) {
      MappedByteBuffer prepared = next;
      if (prepared == null || prepared.remaining() < id.length + 1) {
        return false;
      }
      current = prepared;
      currentEnd = nextEnd;
      next = null;
      nextAsked = false;
    }
    current.put(id);
    current.put((byte) '\n'); // last: a note without its newline is one torn mid-copy
    return true;
  }

  /** True once per segment, when half of it is used: the caller then runs {@link #prepareNextSegment} off the loop. */
  public boolean wantsNextSegment() {
    if (nextAsked || current.position() < SEGMENT_BYTES / 2) {
      return false;
    }
    nextAsked = true;
    return true;
  }

  /**
   * Maps the next segment at the file's end and touches its pages, so notes into it neither fault nor wait for the
   * disk. At the file's end, not after our own notes: a member back from a freeze and the member that took its job
   * over never map the same room.
   */
  public void prepareNextSegment() throws IOException {
    long start = Math.max(channel.size(), currentEnd);
    MappedByteBuffer segment = channel.map(FileChannel.MapMode.READ_WRITE, start, SEGMENT_BYTES);
    for (int at = 0; at < SEGMENT_BYTES; at += PAGE_BYTES) {
      segment.put(at, (byte) 0);
    }
    nextEnd = start + SEGMENT_BYTES;
    next = segment;
  }

  /** The leads ever about to be sent; an absent file is none. Torn or empty lines and unused room are skipped. */
  public static LeadIdSet read(Path path) throws IOException {
    LeadIdSet sent = new LeadIdSet();
    if (!Files.exists(path)) {
      return sent;
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream(64);
      int b;
      while ((b = in.read()) != -1) {
        if (b == '\n') {
          String id = line.toString(StandardCharsets.UTF_8).strip();
          if (!id.isEmpty()) {
            sent.add(id);
          }
          line.reset();
        } else if (b == 0) {
          line.reset();
        } else {
          line.write(b);
        }
      }
    }
    return sent;
  }

  /** Closes the file; the mapped room stays valid until it is collected, and no note may follow. */
  @Override
  public void close() throws IOException {
    channel.close();
  }
}
