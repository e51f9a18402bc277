package dev.bulklaunch.launch;

import dev.bulklaunch.result.LeadResult;
import dev.bulklaunch.result.Status;
import dev.bulklaunch.send.SendObserver;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Live counters of one job, safe to read from any thread while the job updates them. */
public final class JobStats implements SendObserver {

  /**
   * The current rate is averaged over this many whole seconds: a multiple of the usual windows (1, 2, 5, 10 s), so
   * bursts at each window's start do not make it swing (over 5 s, 20 per 2 s read as 8 or 12 requests a second).
   */
  private static final int RATE_SECONDS = 10;

  private final LongAdder read = new LongAdder();
  private final LongAdder sent = new LongAdder();
  private final AtomicLong inFlight = new AtomicLong();
  private final LongAdder launched = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder rateLimited = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final Map<String, LongAdder> byCode = new ConcurrentHashMap<>();
  private final long[] sendsPerSecond = new long[RATE_SECONDS + 1];
  private long bucketSecond;
  private final long startNanos = System.nanoTime();
  private volatile boolean inputComplete;
  private volatile long finishedNanos;

  public void leadRead() {
    read.increment();
  }

  public void inputComplete() {
    inputComplete = true;
  }

  public synchronized void requestSent() {
    sent.increment();
    inFlight.incrementAndGet();
    long now = elapsedSeconds();
    advanceBucketsTo(now);
    sendsPerSecond[(int) (now % sendsPerSecond.length)]++;
  }

  public void answered() {
    inFlight.decrementAndGet();
  }

  public void rateLimited() {
    rateLimited.increment();
  }

  public void retried() {
    retries.increment();
  }

  public void finished(LeadResult result) {
    (result.status() == Status.LAUNCHED ? launched : result.status() == Status.SKIPPED ? skipped : failed).increment();
    if (result.code() != null) {
      byCode.computeIfAbsent(result.code(), c -> new LongAdder()).increment();
    }
  }

  /** Adds the results {@code earlier} counted (an interrupted run of the same job) to ours. */
  public void carryOver(JobStats earlier) {
    launched.add(earlier.launched());
    skipped.add(earlier.skipped());
    failed.add(earlier.failed());
    earlier.byCode().forEach((code, n) -> byCode.computeIfAbsent(code, c -> new LongAdder()).add(n));
  }

  public void ended() {
    finishedNanos = System.nanoTime();
  }

  public long read() {
    return read.sum();
  }

  public long inFlight() {
    return Math.max(0, inFlight.get());
  }

  public long sent() {
    return sent.sum();
  }

  public long launched() {
    return launched.sum();
  }

  public long skipped() {
    return skipped.sum();
  }

  public long failed() {
    return failed.sum();
  }

  public long done() {
    return launched() + skipped() + failed();
  }

  public long rateLimitedCount() {
    return rateLimited.sum();
  }

  public long retryCount() {
    return retries.sum();
  }

  public Map<String, Long> byCode() {
    Map<String, Long> copy = new TreeMap<>();
    byCode.forEach((code, n) -> copy.put(code, n.sum()));
    return copy;
  }

  public double elapsedMillis() {
    long end = finishedNanos == 0 ? System.nanoTime() : finishedNanos;
    return (end - startNanos) / 1e6;
  }

  /** Requests per second over the last few whole seconds. */
  public synchronized double currentRate() {
    long now = elapsedSeconds();
    advanceBucketsTo(now);
    long span = Math.min(RATE_SECONDS, now);
    if (span == 0) {
      return sent() / Math.max(0.001, elapsedMillis() / 1000);
    }
    long total = 0;
    for (long s = now - span; s < now; s++) {
      total += sendsPerSecond[(int) (s % sendsPerSecond.length)];
    }
    return (double) total / span;
  }

  /** Requests per second since the start. */
  public double meanRate() {
    return sent() / Math.max(0.001, elapsedMillis() / 1000);
  }

  /** Seconds until every lead read so far is done at the current rate; null while the input is still being read. */
  public Double etaSeconds() {
    double rate = currentRate();
    long left = read() - done();
    if (!inputComplete || rate <= 0) {
      return left == 0 && inputComplete ? 0.0 : null;
    }
    return left / rate;
  }

  public JsonObject snapshot() {
    JsonObject codes = new JsonObject();
    byCode().forEach(codes::put);
    return new JsonObject()
        .put("read", read())
        .put("sent", sent())
        .put("inFlight", inFlight())
        .put("launched", launched())
        .put("skipped", skipped())
        .put("failed", failed())
        .put("done", done())
        .put("inputComplete", inputComplete)
        .put("byCode", codes)
        .put("rateLimited", rateLimitedCount())
        .put("retries", retryCount())
        .put("rate", round2(currentRate()))
        .put("meanRate", round2(meanRate()))
        .put("etaSeconds", etaSeconds() == null ? null : round2(etaSeconds()))
        .put("elapsedMs", Math.round(elapsedMillis()));
  }

  private void advanceBucketsTo(long second) {
    if (second - bucketSecond >= sendsPerSecond.length) {
      java.util.Arrays.fill(sendsPerSecond, 0);
      bucketSecond = second;
    }
    while (bucketSecond < second) {
      bucketSecond++;
      sendsPerSecond[(int) (bucketSecond % sendsPerSecond.length)] = 0;
    }
  }

  private long elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1_000_000_000L;
  }

  private static double round2(double d) {
    return Math.round(d * 100) / 100.0;
  }
}
