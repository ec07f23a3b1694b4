package io.streamlearn.streams;


import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Holds back the records of an input partition until its entities are ready, and tells which
 * recovery generation they are in (see {@link io.streamlearn.actors.EntityActor}). Exactly-once
 * pipelines gate on their recovery; replays and at-least-once pipelines do not wait.
 */
@FunctionalInterface
public interface PartitionGate {

  PartitionGate OPEN = partition -> CompletableFuture.completedFuture(0L);

  /** Completes with the partition's generation once its entities are recovered. */
  CompletionStage<Long> generation(int partition);

  /** What the offsets in snapshots written now refer to (the inputs' topic ids when recovered). */
  default Snapshots.Origin origin() {
    return Snapshots.Origin.NONE;
  }
}
