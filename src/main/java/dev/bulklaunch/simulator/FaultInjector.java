package dev.bulklaunch.simulator;

import java.util.Random;

/** Decides, per accepted request and from a seeded generator, whether to misbehave and how. */
final class FaultInjector {

  enum Fault { NONE, ERROR, DROP, STALL, SPURIOUS_429 }

  private static final int[] ERROR_STATUSES = {500, 502, 503};

  private final double errorRate;
  private final double dropRate;
  private final double stallRate;
  private final double spurious429Rate;
  private final Random random;

  FaultInjector(SimulatorOptions options) {
    this.errorRate = options.errorRate();
    this.dropRate = options.dropRate();
    this.stallRate = options.stallRate();
    this.spurious429Rate = options.spurious429Rate();
    this.random = new Random(options.seed() * 31 + 7);
  }

  Fault next() {
    if (errorRate + dropRate + stallRate + spurious429Rate <= 0) {
      return Fault.NONE;
    }
    double r = random.nextDouble();
    if ((r -= errorRate) < 0) {
      return Fault.ERROR;
    }
    if ((r -= dropRate) < 0) {
      return Fault.DROP;
    }
    if ((r -= stallRate) < 0) {
      return Fault.STALL;
    }
    if ((r - spurious429Rate) < 0) {
      return Fault.SPURIOUS_429;
    }
    return Fault.NONE;
  }

  int errorStatus() {
    return ERROR_STATUSES[random.nextInt(ERROR_STATUSES.length)];
  }
}
