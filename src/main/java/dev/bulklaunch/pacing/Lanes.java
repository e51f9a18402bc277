package dev.bulklaunch.pacing;

/** Where a job gets its lane of a key's budget: this process's scheduler, or in a cluster the key's owner's. */
public interface Lanes {

  /** A lane of its own for one job: its requests take turns with the other lanes'. */
  PermitSource newLane();
}
