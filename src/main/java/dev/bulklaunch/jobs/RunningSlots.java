package dev.bulklaunch.jobs;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * At most {@code max} jobs launch at once ({@code server.maxRunningJobs}); the others wait in order of arrival. A slot
 * is held from a job's start to its end, paused time included: a paused job resumes without waiting again.
 */
final class RunningSlots {

  private final int max;
  private final Queue<Runnable> waiting = new ArrayDeque<>();
  private int taken;

  RunningSlots(int max) {
    this.max = max;
  }

  /**
   * Takes a slot and answers true; or runs {@code queued} and queues {@code whenFree}, which is run holding the slot a
   * job frees (both under this lock's order, so a slot freed meanwhile finds the job already queued).
   */
  synchronized boolean take(Runnable queued, Runnable whenFree) {
    if (taken < max) {
      taken++;
      return true;
    }
    queued.run();
    waiting.add(whenFree);
    return false;
  }

  /** Frees a slot: the next waiting job gets it (and must release it in turn). */
  void release() {
    Runnable next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        taken--;
        return;
      }
    }
    next.run();
  }
}
