package dev.bulklaunch.send;

import io.reactivex.rxjava3.core.Completable;

/** What holds or ends a sender's requests: a job's pause and stop. */
public interface SendControl {

  /** Nothing pauses or stops these requests (campaign reads: disposing the subscription ends them). */
  SendControl NONE = new SendControl() {
    @Override
    public Completable whenNotPaused() {
      return Completable.complete();
    }

    @Override
    public boolean isStopped() {
      return false;
    }

    @Override
    public Completable whenStopped() {
      return Completable.never();
    }

    @Override
    public Completable whenHeld() {
      return Completable.never();
    }
  };

  /** Completes at once when not paused, else when resumed or stopped. */
  Completable whenNotPaused();

  boolean isStopped();

  /** Completes when stopped: a request waiting for its permit or its retry gives up then. */
  Completable whenStopped();

  /**
   * Completes when paused or stopped: a request still waiting for its permit gives it up then, so that nothing is
   * written after a pause but what was already on its way.
   */
  Completable whenHeld();
}
