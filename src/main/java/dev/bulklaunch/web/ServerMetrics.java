package dev.bulklaunch.web;

import dev.bulklaunch.jobs.Jobs;
import dev.bulklaunch.jobs.ServerJob;
import dev.bulklaunch.launch.JobStats;
import dev.bulklaunch.pacing.AnswerClass;
import dev.bulklaunch.pacing.KeyScheduler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * {@code GET /metrics}, Prometheus text: per key (label {@code key}, the name) and per job, read through functions
 * over what the schedulers and jobs already count (nothing is counted twice), beside what Vert.x's Micrometer module
 * measures itself (HTTP client and server, event loops, JVM) when the process was started with
 * {@link #enable(VertxOptions)}.
 */
public final class ServerMetrics {

  static final String REGISTRY = "bulklaunch";

  private final PrometheusMeterRegistry registry;
  private final KeyStates keys;
  private final Jobs jobs;
  private final Map<String, JobStats> boundJobs = new ConcurrentHashMap<>();
  // in a cluster, every series of ours names the member that counted it
  private final Tags member;

  private ServerMetrics(PrometheusMeterRegistry registry, KeyStates keys, Jobs jobs) {
    this.registry = registry;
    this.keys = keys;
    this.jobs = jobs;
    String name = jobs.runners().member();
    this.member = name == null ? Tags.empty() : Tags.of("member", name);
  }

  /**
   * Vert.x's own metrics (HTTP server, event loops, JVM) into the registry {@code /metrics} shows. Not the event
   * bus's: it carries each job's results on an address of the job's own, so its meters cost a look-up per result and
   * a series per job, and say nothing the job meters do not. Not the HTTP client's either: they looked up and
   * updated several meters per request to lemlist (11 % of the server's CPU samples at 100 keys, JFR) to repeat
   * what the key meters ({@code bulklaunch_key_requests}, {@code _answers}, {@code _in_flight}) say.
   */
  public static VertxOptions enable(VertxOptions options) {
    return options.setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
        .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT)
        .setJvmMetricsEnabled(true)
        .setRegistryName(REGISTRY)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
  }

  static ServerMetrics bind(KeyStates keys, Jobs jobs) {
    // Vert.x started without metrics (tests, a command line run's dashboard): a registry of our own meters only.
    PrometheusMeterRegistry registry = BackendRegistries.getNow(REGISTRY) instanceof PrometheusMeterRegistry vertx
        ? vertx : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ServerMetrics metrics = new ServerMetrics(registry, keys, jobs);
    keys.names().forEach(metrics::bindKey);
    return metrics;
  }

  void scrape(RoutingContext ctx) {
    jobs.list().forEach(this::bindJob);
    // Rendering a few thousand series takes milliseconds: off the event loop.
    ctx.vertx().executeBlocking(registry::scrape, false)
        .onSuccess(text -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            .putHeader("Cache-Control", "no-store").end(text))
        .onFailure(ctx::fail);
  }

  private void bindKey(String name) {
    KeyScheduler scheduler = keys.scheduler(name);
    Tags tags = member.and("key", name);
    FunctionCounter.builder("bulklaunch.key.requests", scheduler, KeyScheduler::requests)
        .description("requests sent with this key").tags(tags).register(registry);
    for (String outcome : new String[] {"launched", "skipped", "failed"}) {
      ToLongFunction<JobStats> counter = outcome.equals("launched") ? JobStats::launched
          : outcome.equals("skipped") ? JobStats::skipped : JobStats::failed;
      FunctionCounter.builder("bulklaunch.key.leads", keys, k -> k.sumOverJobs(name, counter))
          .description("leads finished with this key, by outcome (a dry run's too)").tags(tags.and("outcome", outcome))
          .register(registry);
    }
    for (AnswerClass answerClass : AnswerClass.values()) {
      FunctionCounter.builder("bulklaunch.key.answers", scheduler, s -> s.answers(answerClass))
          .description("lemlist's answers to this key's requests, by HTTP status class (none: timeout or lost "
              + "connection)").tags(tags.and("class", answerClass.label())).register(registry);
    }
    FunctionCounter.builder("bulklaunch.key.rate.limited", scheduler, KeyScheduler::rateLimited)
        .description("429 answers on this key").tags(tags).register(registry);
    Gauge.builder("bulklaunch.key.in.flight", scheduler, KeyScheduler::inFlight)
        .description("requests on their way").tags(tags).register(registry);
    Gauge.builder("bulklaunch.key.waiting", scheduler, KeyScheduler::waiting)
        .description("requests waiting for a permit").tags(tags).register(registry);
    Gauge.builder("bulklaunch.key.remaining", scheduler, s -> s.lastRemaining() == null ? Double.NaN : s.lastRemaining())
        .description("X-RateLimit-Remaining as last seen").tags(tags).register(registry);
    Gauge.builder("bulklaunch.key.limit", keys, k -> k.rate().limit())
        .description("requests allowed per window").tags(tags.and("window_ms", String.valueOf(keys.rate().windowMillis())))
        .register(registry);
  }

  private void bindJob(ServerJob job) {
    JobStats stats = job.liveStats();
    if (stats == null || boundJobs.get(job.id()) == stats) {
      return;
    }
    if (boundJobs.put(job.id(), stats) != null) {
      // resumed after a restart: a new run with counters of its own
      registry.getMeters().stream().filter(m -> job.id().equals(m.getId().getTag("job"))).toList()
          .forEach(registry::remove);
    }
    Tags tags = member.and("job", job.id(), "key", job.keyName());
    FunctionCounter.builder("bulklaunch.job.read", stats, JobStats::read).tags(tags).register(registry);
    FunctionCounter.builder("bulklaunch.job.sent", stats, JobStats::sent).tags(tags).register(registry);
    FunctionCounter.builder("bulklaunch.job.results", stats, JobStats::launched).tags(tags.and("outcome", "launched"))
        .register(registry);
    FunctionCounter.builder("bulklaunch.job.results", stats, JobStats::skipped).tags(tags.and("outcome", "skipped"))
        .register(registry);
    FunctionCounter.builder("bulklaunch.job.results", stats, JobStats::failed).tags(tags.and("outcome", "failed"))
        .register(registry);
    FunctionCounter.builder("bulklaunch.job.rate.limited", stats, JobStats::rateLimitedCount).tags(tags)
        .register(registry);
    Gauge.builder("bulklaunch.job.in.flight", stats, JobStats::inFlight).tags(tags).register(registry);
  }
}
