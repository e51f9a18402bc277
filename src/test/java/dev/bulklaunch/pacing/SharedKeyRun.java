package dev.bulklaunch.pacing;

import dev.bulklaunch.config.RateSpec;
import dev.bulklaunch.ratelimit.RateLimitHeaders;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * A fake-clock launch on a key others spend too: a fixed-window server (opened by the key's first arrival, stating
 * Remaining, Reset and a millisecond Retry-After on every answer, as the simulator does), another consumer spending
 * one request every {@code backgroundEveryMs} from the key's first arrival (until {@code backgroundStopsAtMs}), and
 * one or more launchers, each with its own {@link RateBudget}, at most {@code maxInFlight} requests out, answers
 * {@code minLatencyMs}..{@code maxLatencyMs} after arrival. One millisecond per step; deterministic for a seed.
 */
final class SharedKeyRun {

  static final int LIMIT = 100;
  static final long WINDOW = 1_000;
  private static final long EPOCH_AT_ZERO = 1_764_000_000_437L;

  int launchers = 1;
  int leadsEach = 1_500;
  int maxInFlight = 10;
  long backgroundEveryMs = 20;
  long backgroundStopsAtMs = Long.MAX_VALUE;
  int minLatencyMs = 20;
  int maxLatencyMs = 120;
  /** How late a request reaches the server after it left: 0..this, at random. */
  int maxTransitMs = 1;
  /** How late the launcher reads an answer after the server sent it (a busy machine): 0..this, at random. */
  int maxReadDelayMs = 0;
  /**
   * A cold launcher: it reads the answer of its first request this much late, and of each later one less, down to
   * none from its {@code LIMIT}th request on (a JVM still compiling, new connections).
   */
  int coldReadDelayMs = 0;
  /** A stalling server: an answer due in the first {@code answerHoldMs} of every {@code answerHoldEveryMs} waits till then. */
  long answerHoldEveryMs = 0;
  long answerHoldMs = 0;

  /** What one run showed: arrivals accepted per launcher, 429s, the other consumer's fate. */
  record Result(List<List<Long>> accepted, int launcherRateLimited, int launcherRequests, int backgroundRequests,
                int backgroundRejected, List<Long> backgroundAccepted) {

    /** (accepted - 1) over the span of all launchers' accepted arrivals, as a share of {@code perWindow}. */
    double utilization(double perWindow) {
      return utilizationBetween(Long.MIN_VALUE, Long.MAX_VALUE, perWindow);
    }

    double utilizationBetween(long fromMs, long toMs, double perWindow) {
      List<Long> all = new ArrayList<>();
      accepted.forEach(times -> times.stream().filter(t -> t >= fromMs && t < toMs).forEach(all::add));
      all.sort(null);
      long span = all.get(all.size() - 1) - all.get(0);
      return (all.size() - 1) / (span / (double) WINDOW * perWindow);
    }

    /**
     * The bench's figure: (accepted - one limit) over the span, as a share of {@code perWindow}. A launcher that
     * spends exactly what is left, evenly, tops out below 1 by it ({@code LIMIT - perWindow} of its requests are
     * not counted): at 50 of 100 over 1,500 leads, 0.933.
     */
    double utilizationLessOneLimit(double perWindow) {
      List<Long> all = new ArrayList<>();
      accepted.forEach(all::addAll);
      all.sort(null);
      long span = all.get(all.size() - 1) - all.get(0);
      return (all.size() - LIMIT) / (span / (double) WINDOW * perWindow);
    }

    double backgroundAcceptance() {
      return 1 - backgroundRejected / (double) backgroundRequests;
    }

    double launcherRateLimitedShare() {
      return launcherRateLimited / (double) launcherRequests;
    }

    /** The most accepted requests, the neighbour's too, in any window's length. */
    int maxInAnyWindow() {
      List<Long> all = new ArrayList<>(backgroundAccepted);
      accepted.forEach(all::addAll);
      all.sort(null);
      int most = 0;
      for (int i = 0, j = 0; i < all.size(); i++) {
        while (all.get(i) - all.get(j) >= WINDOW) {
          j++;
        }
        most = Math.max(most, i - j + 1);
      }
      return most;
    }
  }

  private record Answer(long atMs, int launcher, long seq, long sentAtMs, RateLimitHeaders headers, boolean limited) {
  }

  private long windowEnd = Long.MIN_VALUE;
  private int counted;

  Result run(long seed) {
    Random random = new Random(seed);
    List<RateBudget> budgets = new ArrayList<>();
    int[] toSend = new int[launchers];
    int[] inFlight = new int[launchers];
    List<List<Long>> accepted = new ArrayList<>();
    for (int i = 0; i < launchers; i++) {
      budgets.add(RateBudget.forRate(RateSpec.parse(LIMIT + "/1s")));
      toSend[i] = leadsEach;
      accepted.add(new ArrayList<>());
    }
    PriorityQueue<Answer> answers = new PriorityQueue<>((a, b) -> Long.compare(a.atMs, b.atMs));
    PriorityQueue<long[]> arrivalsInTransit = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
    List<Long> backgroundAccepted = new ArrayList<>();
    int rateLimited = 0;
    int requests = 0;
    int backgroundRequests = 0;
    int backgroundRejected = 0;
    long firstArrival = -1;
    long[] sentAt = new long[launchers * (leadsEach * 3 + 10)];
    for (long now = 0; remaining(toSend) > 0 || !answers.isEmpty() || !arrivalsInTransit.isEmpty(); now++) {
      // Arrivals at the server this millisecond, the other consumer's first.
      if (firstArrival >= 0 && backgroundEveryMs < Long.MAX_VALUE / 8 && now > firstArrival && now < backgroundStopsAtMs
          && (now - firstArrival) % backgroundEveryMs == 0) {
        backgroundRequests++;
        if (count(now)) {
          backgroundAccepted.add(now);
        } else {
          backgroundRejected++;
        }
      }
      while (!arrivalsInTransit.isEmpty() && arrivalsInTransit.peek()[0] <= now) {
        long[] arrival = arrivalsInTransit.poll();
        int launcher = (int) arrival[1];
        long seq = arrival[2];
        if (firstArrival < 0) {
          firstArrival = now;
        }
        boolean ok = count(now);
        long answeredAt = now + minLatencyMs + random.nextInt(maxLatencyMs - minLatencyMs + 1);
        if (answerHoldMs > 0 && Math.floorMod(answeredAt, answerHoldEveryMs) < answerHoldMs) {
          answeredAt += answerHoldMs - Math.floorMod(answeredAt, answerHoldEveryMs);
        }
        answeredAt += (maxReadDelayMs == 0 ? 0 : random.nextInt(maxReadDelayMs + 1))
            + Math.max(0, coldReadDelayMs * (LIMIT - seq) / LIMIT);
        Map<String, String> headers = new HashMap<>();
        headers.put("X-RateLimit-Limit", Integer.toString(LIMIT));
        headers.put("X-RateLimit-Remaining", Integer.toString(Math.max(0, LIMIT - counted)));
        headers.put("X-RateLimit-Reset", Long.toString((EPOCH_AT_ZERO + windowEnd + 999) / 1000));
        headers.put("Retry-After", BigDecimal.valueOf(windowEnd - now, 3).stripTrailingZeros().toPlainString());
        RateLimitHeaders parsed = RateLimitHeaders.parse(headers::get, EPOCH_AT_ZERO + answeredAt);
        answers.add(new Answer(ok ? answeredAt : now + 1 + (maxReadDelayMs == 0 ? 0 : random.nextInt(maxReadDelayMs + 1)), launcher, seq, sentAt[index(launcher, seq)], parsed, !ok));
        if (ok) {
          accepted.get(launcher).add(now);
        } else {
          rateLimited++;
          toSend[launcher]++;
        }
      }
      while (!answers.isEmpty() && answers.peek().atMs <= now) {
        Answer a = answers.poll();
        inFlight[a.launcher]--;
        RateBudget budget = budgets.get(a.launcher);
        if (a.limited) {
          budget.onRateLimited(a.seq, a.sentAtMs, now, a.headers);
        } else {
          budget.onResponse(a.seq, a.sentAtMs, now, a.headers);
        }
      }
      for (int i = 0; i < launchers; i++) {
        RateBudget budget = budgets.get(i);
        while (toSend[i] > 0 && inFlight[i] < maxInFlight && budget.delayMs(now) == 0) {
          long seq = budget.recordSend(now);
          sentAt[index(i, seq)] = now;
          toSend[i]--;
          inFlight[i]++;
          requests++;
          arrivalsInTransit.add(new long[] {now + random.nextInt(maxTransitMs + 1), i, seq});
        }
      }
    }
    return new Result(accepted, rateLimited, requests, backgroundRequests, backgroundRejected, backgroundAccepted);
  }

  private int index(int launcher, long seq) {
    return (int) (launcher * (leadsEach * 3L + 10) + seq);
  }

  /** Counts one arrival in the key's fixed window; whether the server took it. */
  private boolean count(long now) {
    if (now >= windowEnd) {
      windowEnd = now + WINDOW;
      counted = 0;
    }
    counted++;
    return counted <= LIMIT;
  }

  private static int remaining(int[] toSend) {
    int sum = 0;
    for (int n : toSend) {
      sum += n;
    }
    return sum;
  }
}
