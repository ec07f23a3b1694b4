package io.streamlearn.streams.kafka;

import io.streamlearn.schemas.PartitionCheckpoint;
import io.streamlearn.schemas.codec.SingleObjectCodec;
import io.streamlearn.streams.CheckpointPolicy;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.PartitionGate;
import io.streamlearn.streams.Snapshots;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Per-partition checkpoints, which bound a recovery's replay: for every input {@code
 * topic/partition}, the offset before which every entity's records are in its latest snapshot.
 * Recovery restores the snapshots and replays from there instead of from the log start, so its
 * work depends on the snapshot interval, not on the length of the history.
 *
 * <p>The tracker sees each record of a live partition in offset order, after its entity answered
 * (the flow's last stage). Per input it keeps, for every entity with records not yet in a snapshot,
 * the first such offset; a snapshot in a record's outputs clears its entity. The checkpoint is the
 * least of those offsets, or the next offset when every entity is covered. Every {@code
 * everyRecords} records of a partition it goes into the snapshots topic with that record's outputs,
 * in the same transaction as the snapshots and input offsets it reflects. An entity whose first
 * uncovered record falls {@code maxLagRecords} behind its input's head is asked to snapshot with
 * its next record, so the checkpoint follows the head however rarely entities snapshot on their own.
 */
public final class Checkpoints {

  /** The checkpoint's key in {@code <domain>.snapshots}: 0xFF never occurs in UTF-8, so no entity id is this key. */
  private static final byte[] KEY = {(byte) 0xFF, 'c', 'h', 'e', 'c', 'k', 'p', 'o', 'i', 'n', 't'};

  public static final SingleObjectCodec<PartitionCheckpoint> CODEC = SingleObjectCodec.of(PartitionCheckpoint.getClassSchema());

  /** Whether a record of a snapshots topic is a checkpoint rather than an entity's snapshot. */
  public static boolean isCheckpoint(byte[] key) {
    return Arrays.equals(KEY, key);
  }

  /** One live partition: per input {@code topic/partition}, the uncovered entities and the next offset. */
  private static final class Track {
    final Map<String, Map<String, Long>> firstUncovered = new HashMap<>();
    final Map<String, Long> next = new HashMap<>();
    // Entities asked to snapshot whose snapshot has not come by yet, with the input and offset of
    // the record that asked: asked once, not per record, and again if that record brought none
    // (an entity skips a record it has applied already).
    final Map<String, String> asked = new HashMap<>();
    long sinceWritten;

    Map<String, Long> offsets() {
      Map<String, Long> offsets = new HashMap<>(next);
      firstUncovered.forEach((input, entities) -> entities.values().stream().mapToLong(Long::longValue).min()
          .ifPresent(least -> offsets.merge(input, least, Math::min)));
      return offsets;
    }
  }

  private final Domain<?, ?> domain;
  private final long everyRecords;
  private final long maxLagRecords;
  private final Supplier<Snapshots.Origin> origin;
  private final Map<Integer, Track> tracks = new ConcurrentHashMap<>();

  public Checkpoints(Domain<?, ?> domain, CheckpointPolicy policy, Supplier<Snapshots.Origin> origin) {
    this.domain = domain;
    this.everyRecords = policy.everyRecords();
    this.maxLagRecords = policy.maxLagRecords();
    this.origin = origin;
  }

  public boolean enabled() {
    return everyRecords > 0;
  }

  /**
   * Starts tracking a partition at the end of its recovery.
   *
   * @param next per input, the offset its live records start at
   * @param firstUncovered per input, the entities whose replayed records are not in their
   *     snapshot, each with the first such offset
   */
  void start(int partition, Map<String, Long> next, Map<String, Map<String, Long>> firstUncovered) {
    Track track = new Track();
    track.next.putAll(next);
    firstUncovered.forEach((input, entities) -> track.firstUncovered.put(input, new HashMap<>(entities)));
    tracks.put(partition, track);
  }

  /** Partitions revoked or lost: whoever owns them next starts its own track. */
  void stop(Collection<Integer> partitions) {
    partitions.forEach(tracks::remove);
  }

  /** Whether the record's entity holds its partition's checkpoint more than {@code maxLagRecords} back. Called in offset order. */
  boolean lagging(ConsumerRecord<byte[], byte[]> record, String entityId) {
    Track track = maxLagRecords > 0 && enabled() ? tracks.get(record.partition()) : null;
    if (track == null) {
      return false;
    }
    synchronized (track) {
      for (Map.Entry<String, Map<String, Long>> input : track.firstUncovered.entrySet()) {
        Long first = input.getValue().get(entityId);
        if (first != null && track.next.getOrDefault(input.getKey(), first) - first >= maxLagRecords) {
          return track.asked.putIfAbsent(entityId, record.topic() + "/" + record.partition() + "@" + record.offset()) == null;
        }
      }
      return false;
    }
  }

  /** The record's outputs, and the partition's checkpoint after them when one is due. Called in offset order. */
  List<ProducerRecord<byte[], byte[]>> after(PartitionGate.Processed processed) {
    int partition = processed.input().partition();
    Track track = tracks.get(partition);
    if (track == null || !enabled()) {
      return processed.outputs();
    }
    String input = processed.input().topic() + "/" + partition;
    long offset = processed.input().offset();
    String entityId = processed.entityId();
    synchronized (track) {
      if (entityId != null) {
        if (processed.snapshot() != null) {
          // Taken after this record, and every earlier record of the entity was seen before it.
          track.firstUncovered.values().forEach(entities -> entities.remove(entityId));
          track.asked.remove(entityId);
        } else {
          track.firstUncovered.computeIfAbsent(input, k -> new HashMap<>()).putIfAbsent(entityId, offset);
          if (track.asked.containsKey(entityId)) {
            track.asked.remove(entityId, input + "@" + offset);
          }
        }
      }
      track.next.put(input, offset + 1);
      if (++track.sinceWritten < everyRecords) {
        return processed.outputs();
      }
      track.sinceWritten = 0;
      List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(processed.outputs());
      out.add(record(partition, track.offsets()));
      return out;
    }
  }

  /**
   * A snapshot written outside the flow (a parked entity's, once its records committed): every
   * record it includes passed the flow already, and none of the entity's later ones can have (it
   * was stopped), so an entity whose first uncovered offset it includes is covered.
   */
  void written(int partition, String entityId, Map<String, Long> sourceOffsets) {
    Track track = tracks.get(partition);
    if (track == null) {
      return;
    }
    synchronized (track) {
      sourceOffsets.forEach((input, next) -> {
        Map<String, Long> entities = track.firstUncovered.get(input);
        if (entities != null && entities.getOrDefault(entityId, Long.MAX_VALUE) < next) {
          entities.remove(entityId);
          track.asked.remove(entityId);
        }
      });
    }
  }

  private ProducerRecord<byte[], byte[]> record(int partition, Map<String, Long> offsets) {
    Snapshots.Origin now = origin.get();
    PartitionCheckpoint checkpoint = PartitionCheckpoint.newBuilder()
        .setDomain(domain.name())
        .setPartition(partition)
        .setOffsets(offsets)
        .setTopicIds(now.topicIds())
        .setGroupId(now.groupId())
        .build();
    return new ProducerRecord<>(domain.snapshotTopic(), partition, null, KEY.clone(), CODEC.encode(checkpoint));
  }
}
