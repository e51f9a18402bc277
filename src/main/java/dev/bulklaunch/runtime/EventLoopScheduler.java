package dev.bulklaunch.runtime;

import io.reactivex.rxjava3.core.Scheduler;
import io.vertx.core.Context;
import io.vertx.rxjava3.ContextScheduler;
import java.util.concurrent.TimeUnit;

/**
 * RxJava's scheduler for one Vert.x event loop, with a monotonic {@link #now}: pacing measures intervals, and a
 * wall clock that steps (NTP) would make it send too early or stall.
 */
public final class EventLoopScheduler extends Scheduler {

  private final Context context;
  private final ContextScheduler delegate;

  public EventLoopScheduler(Context context) {
    this.context = context;
    this.delegate = new ContextScheduler(context, false);
  }

  /** The Vert.x event loop this scheduler runs on. */
  public Context context() {
    return context;
  }

  @Override
  public Worker createWorker() {
    return delegate.createWorker();
  }

  @Override
  public long now(TimeUnit unit) {
    return unit.convert(System.nanoTime(), TimeUnit.NANOSECONDS);
  }
}
