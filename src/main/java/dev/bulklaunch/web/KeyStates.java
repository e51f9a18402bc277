package dev.bulklaunch.web;

import dev.bulklaunch.config.RateSpec;
import dev.bulklaunch.jobs.Jobs;
import dev.bulklaunch.jobs.ServerJob;
import dev.bulklaunch.launch.JobStats;
import dev.bulklaunch.pacing.KeyScheduler;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * What each key of the server is doing, read from what its scheduler and its jobs already count: a view, counted
 * nowhere else. Feeds {@code GET /api/keys} and {@code /metrics}; holds names only, never a key's value.
 */
final class KeyStates {

  private final Jobs jobs;
  private final RateSpec rate;

  KeyStates(Jobs jobs) {
    this.jobs = jobs;
    this.rate = jobs.factories().config().rate();
  }

  List<String> names() {
    return jobs.factories().keyring().names();
  }

  RateSpec rate() {
    return rate;
  }

  KeyScheduler scheduler(String name) {
    return jobs.factories().forKey(name).scheduler();
  }

  /** The sum of one counter over the key's jobs that run (or ran) in this process. */
  long sumOverJobs(String name, ToLongFunction<JobStats> counter) {
    long sum = 0;
    for (ServerJob job : jobs.ofKey(name)) {
      JobStats stats = job.liveStats();
      if (stats != null) {
        sum += counter.applyAsLong(stats);
      }
    }
    return sum;
  }

  JsonObject describe(String name) {
    KeyScheduler scheduler = scheduler(name);
    List<ServerJob> ofKey = jobs.ofKey(name);
    return new JsonObject()
        .put("name", name)
        .put("limit", rate.limit())
        .put("windowMs", rate.windowMillis())
        .put("requests", scheduler.requests())
        .put("inFlight", scheduler.inFlight())
        .put("waiting", scheduler.waiting())
        .put("remaining", scheduler.lastRemaining())
        .put("rateLimited", scheduler.rateLimited())
        .put("launched", sumOverJobs(name, JobStats::launched))
        .put("skipped", sumOverJobs(name, JobStats::skipped))
        .put("failed", sumOverJobs(name, JobStats::failed))
        .put("jobs", ofKey.size())
        .put("activeJobs", ofKey.stream().filter(job -> !job.isFinished()).count());
  }
}
