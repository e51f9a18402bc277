package dev.bulklaunch.launch;

import io.reactivex.rxjava3.core.Completable;

/**
 * What a job knows of requests sent by an earlier run that died: which leads were already sent once, and how to
 * note a send before it happens (see {@link dev.bulklaunch.result.SendLog}).
 */
public interface SendTrace {

  SendTrace NONE = new SendTrace() {
    @Override
    public boolean sentBefore(String leadId) {
      return false;
    }

    @Override
    public Completable sending(String leadId) {
      return Completable.complete();
    }
  };

  /** Whether an earlier run sent this lead's request and may have launched it. */
  boolean sentBefore(String leadId);

  /** Notes the coming send durably; completes on the job's event loop, after which the lead may ask for a permit. */
  Completable sending(String leadId);
}
