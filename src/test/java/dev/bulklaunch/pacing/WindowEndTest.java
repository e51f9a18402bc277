package dev.bulklaunch.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Arrival bounds from a fixed-window server's millisecond Retry-After, on a fake clock. */
class WindowEndTest {

  private static final long WINDOW = 1_000;

  private static WindowEnd trusted() {
    WindowEnd end = new WindowEnd(WINDOW);
    end.trustStamps();
    return end;
  }

  /**
   * A run's first answer says "1" (a whole window left: its request opened the window), which is exact only for a
   * server that states milliseconds: it bounds nothing until a later answer shows the server does, and then it does.
   */
  @Test
  void theFirstAnswersWholeSecondBoundsItsArrivalOnceTheServerIsSeenToStateMilliseconds() {
    WindowEnd end = new WindowEnd(WINDOW);
    // The window ends at 1,005: the first request arrived at 5, its answer was read only at 150 (a cold start).
    WindowEnd.Arrival first = end.arrival(0, 150, 1_000);
    assertThat(first.latestMs()).isEqualTo(150);

    end.arrival(100, 125, 885); // sent at 100, arrived at 120, answered at 125: "0.885"
    end.trustStamps();

    assertThat(first.latestMs()).as("the end is 1,010 at the latest").isEqualTo(10);
  }

  @Test
  void theQuickestAnswerOfTheWindowBoundsWhenTheOthersArrived() {
    WindowEnd end = trusted();
    // The server's window ends at 1,000. A: sent 0, arrived 5, answered 25. B: sent 10, arrived 40, answered 400
    // (the server took its time after counting it).
    end.latestArrivalMs(0, 25, 995);

    assertThat(end.latestArrivalMs(10, 400, 960)).isEqualTo(25 + 995 - 960);
  }

  @Test
  void aRequestHeldUpOnItsWayInIsSeenArrivingLate() {
    WindowEnd end = trusted();
    end.latestArrivalMs(0, 25, 995);

    // Sent at 10, but a new connection's handshake kept it from arriving before 300; answered at 310.
    long bound = end.latestArrivalMs(10, 310, 700);

    assertThat(bound).isBetween(300L, 310L);
  }

  @Test
  void theWindowsLeastDelayedRequestBoundsWhenTheOthersArrivedFromBelow() {
    WindowEnd end = trusted();
    // The window ends at 1,000. A: sent 0, arrived 1, answered 30. B: sent 10, held up on our side, arrived 70,
    // answered 90.
    end.arrival(0, 30, 999);
    WindowEnd.Arrival b = end.arrival(10, 90, 930);

    assertThat(b.earliestMs()).isEqualTo(69);
    assertThat(b.latestMs()).as("its own answer bounds it best here").isEqualTo(90);
  }

  @Test
  void withoutAQuickerAnswerTheBoundIsTheAnswerItself() {
    WindowEnd end = trusted();

    assertThat(end.latestArrivalMs(0, 200, 990)).isEqualTo(200);
  }

  @Test
  void anAnswerTooSlowToPlaceInAWindowIsNotUsed() {
    WindowEnd end = trusted();
    end.latestArrivalMs(0, 25, 995);

    assertThat(end.latestArrivalMs(10, 10 + WINDOW / 2, 700)).isEqualTo(10 + WINDOW / 2);
    // ...and did not disturb what the window's answers showed.
    assertThat(end.latestArrivalMs(20, 300, 970)).isEqualTo(25 + 995 - 970);
  }

  @Test
  void aLaterWindowStartsAfreshAndALateAnswerAboutAnEarlierOneIsLeftAlone() {
    WindowEnd end = trusted();
    end.latestArrivalMs(0, 25, 995);                                       // the window ending at 1,000
    assertThat(end.latestArrivalMs(1_010, 1_040, 1_000)).isEqualTo(1_040); // the next one's first answer

    // Sent at 700, arrived at 720 in the first window, answered only now: its window's answers are forgotten.
    assertThat(end.latestArrivalMs(700, 1_150, 280)).isEqualTo(1_150);
    // ...and the current window's quickest answer still bounds its requests.
    assertThat(end.latestArrivalMs(1_020, 1_300, 985)).isEqualTo(1_040 + 1_000 - 985);
  }

  /**
   * The safety property, against a simulated fixed-window server (windows start at the first arrival after the
   * last one ended, as rate-limiter-flexible's do): whatever the delays each way, the bounds hold the true arrival between
   * them, never past the send and the answer, when each answer is taken in and when they are read again at the end.
   */
  @Test
  void neverEarlierThanTheTrueArrivalNorLaterThanTheAnswer() {
    for (long seed = 1; seed <= 200; seed++) {
      Random random = new Random(seed);
      List<long[]> requests = new ArrayList<>(); // sent, arrived, answered, retryAfter
      long windowEnd = Long.MIN_VALUE;
      long sent = 0;
      for (int i = 0; i < 300; i++) {
        sent += random.nextInt(40);
        long arrived = sent + 1 + (random.nextInt(10) == 0 ? random.nextInt(400) : random.nextInt(30));
        if (arrived >= windowEnd) {
          windowEnd = arrived + WINDOW;
        }
        int kind = random.nextInt(20);
        long answered = arrived + 1 + (kind == 0 ? random.nextInt(2_000) : kind < 4 ? 400 + random.nextInt(99) : random.nextInt(300));
        requests.add(new long[] {sent, arrived, answered, windowEnd - arrived});
      }
      requests.sort(Comparator.comparingLong(r -> r[2]));
      WindowEnd end = trusted();
      List<WindowEnd.Arrival> arrivals = new ArrayList<>();
      for (long[] r : requests) {
        WindowEnd.Arrival arrival = end.arrival(r[0], r[2], r[3]);
        arrivals.add(arrival);
        assertThat(arrival.latestMs()).as("seed %d, request sent at %d", seed, r[0]).isBetween(r[1], r[2]);
        assertThat(arrival.earliestMs()).as("seed %d, request sent at %d", seed, r[0]).isBetween(r[0], r[1]);
      }
      // Read again once every answer is in: what the later answers of each window showed bounds it just as safely.
      for (int i = 0; i < requests.size(); i++) {
        long[] r = requests.get(i);
        assertThat(arrivals.get(i).latestMs()).as("seed %d, request sent at %d, read last", seed, r[0])
            .isBetween(r[1], r[2]);
        assertThat(arrivals.get(i).earliestMs()).as("seed %d, request sent at %d, read last", seed, r[0])
            .isBetween(r[0], r[1]);
      }
    }
  }
}
