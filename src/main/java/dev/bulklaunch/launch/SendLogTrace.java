package dev.bulklaunch.launch;

import dev.bulklaunch.input.LeadIdSet;
import dev.bulklaunch.result.SendLog;
import dev.bulklaunch.runtime.FileWriters;
import dev.bulklaunch.runtime.TurnBatches;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.CompletableEmitter;
import io.reactivex.rxjava3.core.Scheduler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SendTrace} kept in the {@link SendLog} beside a journal: what earlier runs sent is read once at start, and
 * the sends of one event-loop turn are noted together, in one write on a lane of the shared {@link FileWriters} (a
 * file write has no place on the event loop), before any of their requests leaves.
 */
public final class SendLogTrace implements SendTrace, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SendLogTrace.class);

  private final LeadIdSet sentBefore;
  private final SendLog log;
  private final Scheduler loop;
  private final TurnBatches<Note> notes = new TurnBatches<>(FileWriters.newLane(), this::write);

  private record Note(String leadId, CompletableEmitter written) {
  }

  private SendLogTrace(LeadIdSet sentBefore, SendLog log, Scheduler loop) {
    this.sentBefore = sentBefore;
    this.log = log;
    this.loop = loop;
  }

  /** @param loop the job's event loop, where {@link #sending} completes */
  public static SendLogTrace besideJournal(Path journal, Scheduler loop) throws IOException {
    Path path = SendLog.beside(journal);
    return new SendLogTrace(SendLog.read(path), SendLog.open(path), loop);
  }

  @Override
  public boolean sentBefore(String leadId) {
    return sentBefore.contains(leadId);
  }

  @Override
  public Completable sending(String leadId) {
    return Completable.create(written -> notes.add(new Note(leadId, written)));
  }

  private void write(List<Note> batch) {
    List<String> leadIds = new ArrayList<>(batch.size());
    for (Note note : batch) {
      leadIds.add(note.leadId());
    }
    try {
      log.sending(leadIds);
    } catch (IOException e) {
      loop.scheduleDirect(() -> batch.forEach(note -> note.written().tryOnError(e)));
      return;
    }
    loop.scheduleDirect(() -> batch.forEach(note -> note.written().onComplete()));
  }

  /** Closes the log once the notes asked for so far are written. */
  @Override
  public void close() {
    notes.then(() -> {
      try {
        log.close();
      } catch (IOException e) {
        LOG.warn("cannot close the send log: {}", e.toString());
      }
    });
  }
}
