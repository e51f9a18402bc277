// Requests sent in the last limit window, from a job's snapshots: pure (no page, no clock), so a test can drive it.
(function (root) {
  'use strict';

  /**
   * Requests sent since the window began: the count then is read between the two snapshots around that moment.
   * The page may open in the middle of a job, so the first snapshot it sees is a baseline (null: nothing to count
   * from yet), never "everything sent so far"; until the snapshots span a window, the count runs from that baseline.
   *
   * @param history earlier snapshots of this job as {t, sent}, oldest first
   * @param now     the time of this snapshot; sent: the requests the job has sent by then
   */
  function windowCount(history, now, sent, windowMs) {
    if (!history.length) return null;
    const start = now - windowMs;
    const after = history.findIndex((p) => p.t > start);
    if (after === 0) return sent - history[0].sent;
    const before = history[(after === -1 ? history.length : after) - 1];
    const next = after === -1 ? { t: now, sent } : history[after];
    const share = next.t === before.t ? 0 : (start - before.t) / (next.t - before.t);
    return Math.round(sent - (before.sent + share * (next.sent - before.sent)));
  }

  root.RateWindow = { windowCount };
})(window);
