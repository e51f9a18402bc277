package dev.bulklaunch.launch;

import dev.bulklaunch.input.LeadIdSet;
import dev.bulklaunch.result.LeadResult;
import java.util.BitSet;

/**
 * What earlier runs of a job settled. Leads final there are not sent again (they are reported RESUMED). The input
 * lines an interrupted server job already answered are not answered again, and their answers carry over into the
 * job's counts, so a resumed job counts the whole job, not only what is left of it.
 */
public final class EarlierRun {

  private final LeadIdSet finalLeads;
  private final BitSet answeredLines = new BitSet();
  private final JobStats answeredCounts = new JobStats();

  /** @param finalLeads leads with a final result from an earlier run (a journal, a job's results) */
  public EarlierRun(LeadIdSet finalLeads) {
    this.finalLeads = finalLeads;
  }

  public static EarlierRun none() {
    return new EarlierRun(new LeadIdSet());
  }

  /** Input line {@code answer.line()} was answered by {@code answer}; lines outside the input are ignored. */
  public void lineAnswered(LeadResult answer) {
    if (isInputLine(answer.line())) {
      answeredLines.set((int) answer.line());
      answeredCounts.finished(answer);
    }
  }

  boolean isFinal(String leadId) {
    return finalLeads.contains(leadId);
  }

  /** Whether {@code result} is about a line an earlier run already answered. */
  boolean answered(LeadResult result) {
    return isInputLine(result.line()) && answeredLines.get((int) result.line());
  }

  private static boolean isInputLine(long line) {
    return line > 0 && line < Integer.MAX_VALUE;
  }

  JobStats answeredCounts() {
    return answeredCounts;
  }
}
