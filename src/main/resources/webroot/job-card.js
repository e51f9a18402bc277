// What the job card says of a snapshot: pure (no page), so a test can drive it.
(function (root) {
  'use strict';

  // A queued job waits for a free slot (server.maxRunningJobs): not finished, not sending yet.
  const ACTIVE_STATES = ['queued', 'running', 'paused'];

  function isActive(state) {
    return ACTIVE_STATES.includes(state);
  }

  /** Which of pause, resume and cancel apply to a job in this state. */
  function controls(state) {
    return {
      pause: state === 'running',
      resume: state === 'paused' || state === 'interrupted',
      cancel: isActive(state),
    };
  }

  /** " · started by NAME" when the server says who started it (the token's name, or local). */
  function startedBy(job) {
    return job.startedBy ? ' · started by ' + job.startedBy : '';
  }

  /** " · run by MEMBER" in a cluster, while a member runs it (snapshots outside a cluster have no member). */
  function runBy(job) {
    return job.member ? ' · run by ' + job.member : '';
  }

  root.JobCard = { isActive, controls, startedBy, runBy };
})(window);
