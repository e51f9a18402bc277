package dev.bulklaunch.launch;

import dev.bulklaunch.send.SendControl;
import io.reactivex.rxjava3.core.BackpressureStrategy;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.subjects.BehaviorSubject;

/** Pause, resume and stop for one job. Thread-safe; observers see the latest state. */
public final class JobControl implements SendControl {

  public enum State { RUNNING, PAUSED, STOPPED }

  private final BehaviorSubject<State> state = BehaviorSubject.createDefault(State.RUNNING);
  private volatile StopReason stopReason;
  private volatile String stopMessage;

  public synchronized void pause() {
    if (state.getValue() == State.RUNNING) {
      state.onNext(State.PAUSED);
    }
  }

  public synchronized void resume() {
    if (state.getValue() == State.PAUSED) {
      state.onNext(State.RUNNING);
    }
  }

  /** Stops the job; the first reason wins. */
  public synchronized void stop(StopReason reason, String message) {
    if (state.getValue() != State.STOPPED) {
      stopReason = reason;
      stopMessage = message;
      state.onNext(State.STOPPED);
    }
  }

  public State state() {
    return state.getValue();
  }

  public boolean isStopped() {
    return state.getValue() == State.STOPPED;
  }

  public StopReason stopReason() {
    return stopReason;
  }

  public String stopMessage() {
    return stopMessage;
  }

  /** Completes as soon as the job is not paused (running, or stopped). */
  public Completable whenNotPaused() {
    return state.filter(s -> s != State.PAUSED).firstElement().ignoreElement();
  }

  /** Completes when the job stops. */
  public Completable whenStopped() {
    return state.filter(s -> s == State.STOPPED).firstElement().ignoreElement();
  }

  /** Completes when the job is paused or stops. */
  public Completable whenHeld() {
    return state.filter(s -> s != State.RUNNING).firstElement().ignoreElement();
  }

  /** Emits once when input reading must end (a signal or a cancel, not a server refusal). */
  public Flowable<StopReason> inputClosed() {
    return state.filter(s -> s == State.STOPPED && stopReason.stopsReading())
        .map(s -> stopReason)
        .take(1)
        .toFlowable(BackpressureStrategy.LATEST);
  }
}
