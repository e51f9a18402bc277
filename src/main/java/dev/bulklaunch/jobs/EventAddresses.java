package dev.bulklaunch.jobs;

/**
 * Where job progress lives on the Vert.x event bus. The SSE routes are views of these addresses.
 *
 * <pre>
 * bulklaunch.job.&lt;jobId&gt;   one job, in order:
 *   {"type":"progress","id":N,"job":{snapshot}}   at least once a second while the job runs, and on every state change
 *   {"type":"result","id":N,"result":{LeadResult}}  one per lead; N is its line number in the job's results.ndjson;
 *                                                   published while someone watches (ServerJob.watch), or clustered
 *   {"type":"done","id":N,"job":{snapshot}}       once, after the last result
 * bulklaunch.jobs            every job's progress and done messages, same shapes
 * </pre>
 *
 * {@code id} is the number of results published so far (for a result, its own sequence number), so the id of any
 * event is a valid {@code Last-Event-ID} to resume the results after it.
 */
public final class EventAddresses {

  public static final String ALL_JOBS = "bulklaunch.jobs";

  private EventAddresses() {
  }

  public static String job(String jobId) {
    return "bulklaunch.job." + jobId;
  }
}
