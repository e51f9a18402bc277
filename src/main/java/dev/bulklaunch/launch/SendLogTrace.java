package dev.bulklaunch.launch;

import dev.bulklaunch.input.LeadIdSet;
import dev.bulklaunch.result.SendLog;
import dev.bulklaunch.runtime.FileWriters;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.CompletableEmitter;
import io.reactivex.rxjava3.core.Scheduler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SendTrace} kept in the {@link SendLog} beside a journal: what earlier runs sent is read once at start, and
 * each send is noted by the job's event loop itself, into the log's mapped room, before its lead asks for a permit.
 * The room is mapped ahead on a lane of the shared {@link FileWriters}; a note that finds none ready (a log filling
 * faster than its next segment is mapped) waits for it, and its lead with it.
 */
public final class SendLogTrace implements SendTrace, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SendLogTrace.class);

  private final LeadIdSet sentBefore;
  private final SendLog log;
  private final Scheduler loop;
  private final Executor lane;
  /** Notes waiting for the next segment, in order; on the loop only, as is {@link #closed}. */
  private final Queue<Note> waiting = new ArrayDeque<>();
  private boolean closed;

  private record Note(String leadId, CompletableEmitter noted) {
  }

  private SendLogTrace(LeadIdSet sentBefore, SendLog log, Scheduler loop, Executor lane) {
    this.sentBefore = sentBefore;
    this.log = log;
    this.loop = loop;
    this.lane = lane;
  }

  /** @param loop the job's event loop, the one thread that notes sends */
  public static SendLogTrace besideJournal(Path journal, Scheduler loop) throws IOException {
    return besideJournal(journal, loop, FileWriters.newLane());
  }

  /** @param lane where the log's segments are mapped and it is closed */
  static SendLogTrace besideJournal(Path journal, Scheduler loop, Executor lane) throws IOException {
    Path path = SendLog.beside(journal);
    return new SendLogTrace(SendLog.read(path), SendLog.open(path), loop, lane);
  }

  @Override
  public boolean sentBefore(String leadId) {
    return sentBefore.contains(leadId);
  }

  /** Subscribed to on the job's event loop; completes there, at once unless the log waits for room. */
  @Override
  public Completable sending(String leadId) {
    return Completable.create(noted -> {
      if (closed) {
        noted.onError(new IOException("the send log is closed"));
      } else if (waiting.isEmpty() && log.tryNote(leadId)) {
        prepareAhead();
        noted.onComplete();
      } else {
        waiting.add(new Note(leadId, noted));
      }
    });
  }

  private void prepareAhead() {
    if (log.wantsNextSegment()) {
      lane.execute(this::prepareNextSegment);
    }
  }

  private void prepareNextSegment() {
    try {
      log.prepareNextSegment();
      loop.scheduleDirect(this::noteWaiting);
    } catch (IOException e) {
      loop.scheduleDirect(() -> failWaiting(e));
    }
  }

  private void noteWaiting() {
    Note note;
    while ((note = waiting.peek()) != null && !closed && log.tryNote(note.leadId())) {
      waiting.poll();
      note.noted().onComplete();
    }
    prepareAhead();
  }

  private void failWaiting(IOException e) {
    Note note;
    while ((note = waiting.poll()) != null) {
      note.noted().tryOnError(e);
    }
  }

  /** Closes the log on its lane once the loop has made its last note. */
  @Override
  public void close() {
    loop.scheduleDirect(() -> {
      closed = true;
      failWaiting(new IOException("the send log is closed"));
      lane.execute(() -> {
        try {
          log.close();
        } catch (IOException e) {
          LOG.warn("cannot close the send log: {}", e.toString());
        }
      });
    });
  }
}
