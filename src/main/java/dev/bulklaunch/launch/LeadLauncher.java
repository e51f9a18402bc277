package dev.bulklaunch.launch;

import dev.bulklaunch.lemlist.Attempt;
import dev.bulklaunch.lemlist.ErrorCodes;
import dev.bulklaunch.lemlist.LeadSender;
import dev.bulklaunch.pacing.Lanes;
import dev.bulklaunch.result.LeadResult;
import dev.bulklaunch.result.Status;
import dev.bulklaunch.send.PacedSend;
import dev.bulklaunch.send.RetryPolicy;
import dev.bulklaunch.send.Tries;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;

/** Takes one valid lead from its first request to its final result, through the job's lane of the key's budget. */
final class LeadLauncher {

  private final PacedSend paced;
  private final LeadSender sender;
  private final JobControl control;
  private final SendTrace trace;
  private final int max429;

  LeadLauncher(Lanes scheduler, LeadSender sender, JobControl control, JobStats stats, RetryPolicy retry,
               Scheduler timer) {
    this(scheduler, sender, control, stats, retry, timer, SendTrace.NONE);
  }

  LeadLauncher(Lanes scheduler, LeadSender sender, JobControl control, JobStats stats, RetryPolicy retry,
               Scheduler timer, SendTrace trace) {
    this.paced = PacedSend.launches(scheduler.newLane(), retry, timer, control, stats);
    this.sender = sender;
    this.control = control;
    this.trace = trace;
    this.max429 = retry.max429();
  }

  /**
   * The lead is noted in the send trace once, before it asks for its first permit: a permit means "on the wire now",
   * and a note can wait (for the log's next segment; it was a hop to a writer thread and back, which reached the wire
   * hundreds of ms late on a busy machine). So a run killed meanwhile may have noted up to its in-flight count of
   * leads it never sent; on resume their ALREADY_LAUNCHED (someone else launched them since) reads as launched by us,
   * not skipped.
   */
  Single<LeadResult> launch(String leadId, long line) {
    return trace.sending(leadId)
        .andThen(paced.send(written -> sender.launch(leadId, written), Function.identity(), new Tries(trace.sentBefore(leadId))))
        .map(sent -> sent.tries().stopped()
            ? aborted(leadId, line, sent.tries())
            : result(leadId, line, sent.answer(), sent.tries()));
  }

  private LeadResult result(String leadId, long line, Attempt answer, Tries tries) {
    return switch (answer.kind()) {
      case LAUNCHED -> lead(leadId, line, Status.LAUNCHED, null, answer, null, tries);
      case ALREADY_LAUNCHED -> tries.answerMayHaveBeenLost()
          ? lead(leadId, line, Status.LAUNCHED, null, answer, "launched by an earlier attempt whose answer was lost", tries)
          : lead(leadId, line, Status.SKIPPED, answer.code(), answer, answer.message(), tries);
      case FATAL -> {
        control.stop(StopReason.REFUSED_BY_SERVER, answer.message());
        yield lead(leadId, line, Status.FAILED, answer.code(), answer, answer.message(), tries);
      }
      case RATE_LIMITED -> lead(leadId, line, Status.FAILED, ErrorCodes.TOO_MANY_429, answer,
          "still rate limited after " + max429 + " answers of 429", tries);
      default -> lead(leadId, line, Status.FAILED, answer.code(), answer, answer.message(), tries);
    };
  }

  private static LeadResult lead(String leadId, long line, Status status, String code, Attempt answer, String message,
                                 Tries tries) {
    return new LeadResult(leadId, status, code, answer.http(), message, tries.sent(), answer.latencyMs(), now(), line);
  }

  private LeadResult aborted(String leadId, long line, Tries tries) {
    String why = control.stopMessage();
    String message = tries.sent() > 0
        ? "stopped before its retry: " + (tries.last() == null ? "" : tries.last().code())
        : "not sent: the run stopped" + (why == null ? "" : " (" + why + ")");
    return new LeadResult(leadId, Status.FAILED, ErrorCodes.ABORTED, 0, message, tries.sent(), 0, now(), line);
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
