package io.streamlearn.streams;

import io.streamlearn.actors.EntityState;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Holds back the records of an input partition until its entities are ready, and tells which
 * recovery generation they are in (see {@link io.streamlearn.actors.EntityActor}). Exactly-once
 * pipelines gate on their recovery; replays and at-least-once pipelines do not wait. After each
 * record, in offset order, the gate sees what came of it and may add records of its own (a
 * recovery's checkpoints).
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

  /** Whether the record's entity should snapshot after it (it holds back what the gate tracks). */
  default boolean snapshotNow(ConsumerRecord<byte[], byte[]> record, String entityId) {
    return false;
  }

  /** The records to produce for a processed record: its outputs, and whatever the gate adds. */
  default List<ProducerRecord<byte[], byte[]>> processed(Processed processed) {
    return processed.outputs();
  }

  /**
   * What came of one input record.
   *
   * @param entityId its entity; null when it never reached one (it could not be decoded)
   * @param snapshot the snapshot its entity took after it, or null
   * @param outputs its outputs, dead letters and snapshot, encoded
   */
  record Processed(ConsumerRecord<byte[], byte[]> input, String entityId, EntityState snapshot,
      List<ProducerRecord<byte[], byte[]>> outputs) {}
}
