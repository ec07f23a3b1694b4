package io.streamlearn.streams.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlearn.actors.EntityState;
import io.streamlearn.schemas.PartitionCheckpoint;
import io.streamlearn.streams.CheckpointPolicy;
import io.streamlearn.streams.CounterDomain;
import io.streamlearn.streams.PartitionGate;
import io.streamlearn.streams.Snapshots;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class CheckpointsTest {

  private static final CounterDomain DOMAIN = new CounterDomain("cp");
  private static final String INPUT = DOMAIN.events() + "/0";
  private static final Snapshots.Origin ORIGIN = new Snapshots.Origin(Map.of(DOMAIN.events(), "id-1"), "group");

  private final Checkpoints checkpoints = new Checkpoints(DOMAIN, new CheckpointPolicy(1, 0), () -> ORIGIN);

  @Test
  void theCheckpointIsTheFirstRecordNotInASnapshotAndMovesWhenThatEntitySnapshots() {
    checkpoints.start(0, Map.of(INPUT, 10L), Map.of());
    assertEquals(10, offset(record(10, "a", null)), "a's record at 10 is in no snapshot");
    assertEquals(10, offset(record(11, "b", null)));
    assertEquals(10, offset(record(12, "a", null)), "a's first uncovered record is still 10");
    assertEquals(11, offset(record(13, "a", snapshot(14))), "a's snapshot includes 10..13; b's 11 is not in one");
    assertEquals(11, offset(record(14, "a", null)), "a is uncovered from 14, b still from 11");
    assertEquals(14, offset(record(15, "b", snapshot(16))));
  }

  @Test
  void aCoveredPartitionCheckpointsAtItsNextOffset() {
    checkpoints.start(0, Map.of(INPUT, 10L), Map.of());
    assertEquals(21, offset(record(20, "a", snapshot(21))));
    assertEquals(22, offset(record(21, null, null)), "an undecodable record has no entity to wait for");
  }

  @Test
  void aRecoverySeedsTheEntitiesItsReplayLeftUncovered() {
    checkpoints.start(0, Map.of(INPUT, 50L), Map.of(INPUT, Map.of("a", 42L, "b", 47L)));
    assertEquals(42, offset(record(50, "c", snapshot(51))));
  }

  @Test
  void aParkedSnapshotCoversItsEntityOnlyIfItIncludesItsFirstUncoveredRecord() {
    checkpoints.start(0, Map.of(INPUT, 0L), Map.of());
    record(5, "a", null);
    record(6, "b", null);
    checkpoints.written(0, "b", Map.of(INPUT, 6L));
    assertEquals(5, offset(record(7, "c", snapshot(8))), "b's parked state stops before its record 6");
    checkpoints.written(0, "a", Map.of(INPUT, 6L));
    assertEquals(6, offset(record(8, "c", snapshot(9))), "a's parked state includes its record 5");
  }

  @Test
  void checkpointsComeEveryNRecordsOfATrackedPartitionOnly() {
    Checkpoints everyThird = new Checkpoints(DOMAIN, new CheckpointPolicy(3, 0), () -> ORIGIN);
    everyThird.start(0, Map.of(INPUT, 0L), Map.of());
    int[] written = new int[6];
    for (int i = 0; i < 6; i++) {
      written[i] = everyThird.after(processed(0, i, "a", null)).size() - 1;
    }
    assertEquals(List.of(0, 0, 1, 0, 0, 1), java.util.Arrays.stream(written).boxed().toList());
    assertEquals(1, everyThird.after(processed(1, 0, "a", null)).size(), "partition 1 is not this node's");
    everyThird.stop(List.of(0));
    assertEquals(1, everyThird.after(processed(0, 7, "a", null)).size(), "a revoked partition is not tracked");
  }

  @Test
  void theCheckpointRecordIsKeyedApartFromEntitiesAndNamesItsTopicsAndGroup() {
    checkpoints.start(0, Map.of(INPUT, 0L), Map.of());
    ProducerRecord<byte[], byte[]> checkpoint = record(3, "a", null);
    assertEquals(DOMAIN.snapshotTopic(), checkpoint.topic());
    assertEquals(0, checkpoint.partition());
    assertTrue(Checkpoints.isCheckpoint(checkpoint.key()));
    PartitionCheckpoint decoded = Checkpoints.CODEC.decode(checkpoint.value());
    assertEquals(Map.of(DOMAIN.events(), "id-1"), decoded.getTopicIds());
    assertEquals("group", decoded.getGroupId());
  }

  @Test
  void anEntityFarBehindItsPartitionsHeadIsAskedForASnapshotOnceUntilItComes() {
    Checkpoints bounded = new Checkpoints(DOMAIN, new CheckpointPolicy(1, 10), () -> ORIGIN);
    bounded.start(0, Map.of(INPUT, 0L), Map.of());
    bounded.after(processed(0, 0, "a", null));
    bounded.after(processed(0, 5, "b", null));
    assertEquals(false, bounded.lagging(input(0, 9), "a"), "a's record 0 is 6 behind the head, 10 make it lag");
    bounded.after(processed(0, 9, "b", null));
    assertEquals(true, bounded.lagging(input(0, 10), "a"), "10 behind");
    assertEquals(false, bounded.lagging(input(0, 11), "a"), "asked already");
    assertEquals(false, bounded.lagging(input(0, 11), "b"), "b is 5 behind");
    bounded.after(processed(0, 10, "a", snapshot(11)));
    bounded.after(processed(0, 30, "a", null));
    bounded.after(processed(0, 40, "b", null));
    assertEquals(true, bounded.lagging(input(0, 41), "a"), "asked again after its snapshot came");
    bounded.after(processed(0, 41, "a", null));
    assertEquals(true, bounded.lagging(input(0, 42), "a"), "asked again: the record that asked brought no snapshot");
  }

  private static ConsumerRecord<byte[], byte[]> input(int partition, long offset) {
    return new ConsumerRecord<>(DOMAIN.events(), partition, offset, new byte[0], new byte[0]);
  }

  /** Passes one record of partition 0 through the tracker and returns the checkpoint written after it. */
  private ProducerRecord<byte[], byte[]> record(long offset, String entity, EntityState snapshot) {
    List<ProducerRecord<byte[], byte[]>> out = checkpoints.after(processed(0, offset, entity, snapshot));
    assertEquals(2, out.size(), "the output and a checkpoint");
    return out.get(1);
  }

  private static long offset(ProducerRecord<byte[], byte[]> checkpoint) {
    return Checkpoints.CODEC.decode(checkpoint.value()).getOffsets().get(INPUT);
  }

  private static PartitionGate.Processed processed(int partition, long offset, String entity, EntityState snapshot) {
    ProducerRecord<byte[], byte[]> output = new ProducerRecord<>(DOMAIN.counts(), new byte[0]);
    return new PartitionGate.Processed(input(partition, offset), entity, snapshot, List.of(output));
  }

  private static EntityState snapshot(long next) {
    return new EntityState(1, Map.of(INPUT, next), 0, 1, new byte[0]);
  }
}
