package io.streamlearn.streams.kafka;

import io.streamlearn.schemas.PartitionCheckpoint;
import java.util.Map;
import java.util.Objects;

/**
 * Whether recovery may apply a snapshot: its offsets mean "these records were applied" only for the
 * topic incarnation they were read from, and only if that log still reaches them. As Kafka Streams
 * does with a checkpoint that does not match its changelog, a snapshot that does not fit the live
 * log is not applied, and its entity is rebuilt from the log instead.
 */
final class SnapshotCheck {

  /** The outcome; {@code reason} is the metric tag and log word of the unsound ones. */
  enum Verdict {
    APPLY(true, null),
    /** An input was deleted and recreated (or is gone) since: its offsets refer to another log. */
    REJECT_TOPIC_ID(false, "topic-id"),
    /** Offsets past the partition's end: another log (or a truncated one) than the snapshot saw. */
    REJECT_BEYOND_END(false, "beyond-end"),
    /** Retention dropped records after the snapshot: nothing better exists, so it is applied, loudly. */
    APPLY_BEFORE_LOG_START(true, "before-log-start");

    final boolean applied;
    final String reason;

    Verdict(boolean applied, String reason) {
      this.applied = applied;
      this.reason = reason;
    }
  }

  /**
   * The live input partitions of one recovery.
   *
   * @param topicIds per existing input topic, its id (base64); a missing topic has none
   * @param beginnings per {@code topic/partition}, the log start offset (absent: 0)
   * @param ends per {@code topic/partition}, the end offset (absent: 0, an empty or missing log)
   */
  record Live(Map<String, String> topicIds, Map<String, Long> beginnings, Map<String, Long> ends) {}

  private SnapshotCheck() {}

  /**
   * @param sourceOffsets the snapshot's next offset per input {@code topic/partition}
   * @param snapshotTopicIds the snapshot's ids per topic; empty for snapshots written before ids
   *     were recorded, which are checked by their offsets only
   */
  static Verdict check(Map<String, Long> sourceOffsets, Map<String, String> snapshotTopicIds, Live live) {
    if (!snapshotTopicIds.isEmpty()) {
      for (String partition : sourceOffsets.keySet()) {
        String topic = partition.substring(0, partition.lastIndexOf('/'));
        String id = snapshotTopicIds.get(topic);
        if (id == null || !id.equals(live.topicIds().get(topic))) {
          return Verdict.REJECT_TOPIC_ID;
        }
      }
    }
    Verdict verdict = Verdict.APPLY;
    for (Map.Entry<String, Long> next : sourceOffsets.entrySet()) {
      if (next.getValue() > live.ends().getOrDefault(next.getKey(), 0L)) {
        return Verdict.REJECT_BEYOND_END;
      }
      if (next.getValue() < live.beginnings().getOrDefault(next.getKey(), 0L)) {
        verdict = Verdict.APPLY_BEFORE_LOG_START;
      }
    }
    return verdict;
  }

  /**
   * Why recovery may not replay from a partition's checkpoint, or null if it may: only snapshots
   * applied and committed by the same group, on the same topic incarnations, make the records
   * before it redundant.
   *
   * @param rejected snapshots of the partition not applied (their entities need the whole log)
   * @param committed the group's committed offset per input {@code topic/partition} (absent: none)
   */
  static String checkpointUnfit(PartitionCheckpoint checkpoint, String groupId, int rejected, Live live,
      Map<String, Long> committed) {
    if (rejected > 0) {
      return rejected + " snapshot(s) of the partition not applied: their entities need the whole log";
    }
    if (!groupId.equals(checkpoint.getGroupId())) {
      return "written by another consumer group, " + checkpoint.getGroupId();
    }
    for (Map.Entry<String, Long> start : checkpoint.getOffsets().entrySet()) {
      String topic = start.getKey().substring(0, start.getKey().lastIndexOf('/'));
      if (!Objects.equals(checkpoint.getTopicIds().get(topic), live.topicIds().get(topic))) {
        return "topic " + topic + " was deleted and recreated since";
      }
      // Nothing committed yet: the live stream starts at the log start, and so may the checkpoint.
      Long end = committed.get(start.getKey());
      long limit = end != null ? end : live.beginnings().getOrDefault(start.getKey(), 0L);
      if (start.getValue() > limit) {
        return "it lies beyond the committed offset of " + start.getKey();
      }
    }
    return null;
  }
}
