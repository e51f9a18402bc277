package dev.bulklaunch.launch;

import dev.bulklaunch.input.LeadIdSet;
import dev.bulklaunch.result.SendLog;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A {@link SendTrace} kept in the {@link SendLog} beside a journal: what earlier runs sent is read once at start,
 * and each send is noted on a thread of its own (a file write has no place on the event loop).
 */
public final class SendLogTrace implements SendTrace, AutoCloseable {

  private final LeadIdSet sentBefore;
  private final SendLog log;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "send-log");
    t.setDaemon(true);
    return t;
  });
  private final Scheduler writer = Schedulers.from(thread);
  private final Scheduler loop;

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
    return Completable.fromAction(() -> log.sending(leadId)).subscribeOn(writer).observeOn(loop);
  }

  @Override
  public void close() throws IOException {
    thread.shutdown();
    log.close();
  }
}
