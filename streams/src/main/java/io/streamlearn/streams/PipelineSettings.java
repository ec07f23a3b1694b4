package io.streamlearn.streams;

import com.typesafe.config.Config;
import io.streamlearn.actors.SnapshotPolicy;
import java.time.Duration;

/**
 * How a domain's pipeline talks to Kafka and its entities ({@code streamlearn.pipeline}).
 *
 * @param parallelism batches in flight per domain (different entities work in parallel)
 * @param maxBatch records a batch gathers at most while the entities are busy; a batch asks each
 *     of its entities once
 * @param askTimeout how long an entity may take on one event before the stream fails
 * @param groupIdPrefix consumer group of a domain = prefix + domain name
 * @param shards shards per entity type in replay (live, shards are the input topic's partitions)
 * @param exactlyOnce outputs, dead letters, snapshots and offsets in one Kafka transaction, and
 *     entities recovered from snapshots when partitions are assigned; else at-least-once
 * @param nodeId this node's name, unique in the cluster and the same across its restarts: a
 *     domain's transactional id and static consumer-group member id are {@code
 *     streamlearn-<nodeId>-<domain>}
 * @param snapshots when entities write snapshots
 * @param checkpoints how live partitions write the checkpoints that bound a recovery's replay
 */
public record PipelineSettings(int parallelism, int maxBatch, Duration askTimeout, String groupIdPrefix, int shards,
    boolean exactlyOnce, String nodeId, SnapshotPolicy snapshots, CheckpointPolicy checkpoints) {

  public static PipelineSettings fromConfig(Config pipeline) {
    return new PipelineSettings(
        pipeline.getInt("parallelism"),
        pipeline.getInt("max-batch"),
        pipeline.getDuration("ask-timeout"),
        pipeline.getString("group-id-prefix"),
        pipeline.getInt("replay-shards"),
        pipeline.getBoolean("exactly-once"),
        pipeline.getString("node-id"),
        SnapshotPolicy.fromConfig(pipeline.getConfig("snapshots")),
        CheckpointPolicy.fromConfig(pipeline.getConfig("checkpoints")));
  }

  public String groupId(Domain<?, ?> domain) {
    return groupIdPrefix + domain.name();
  }

  /** Transactional id and static group member id of this node's pipeline of {@code domain}. */
  public String memberId(Domain<?, ?> domain) {
    return "streamlearn-" + nodeId + "-" + domain.name();
  }

  public PipelineSettings withGroupIdPrefix(String prefix) {
    return new PipelineSettings(parallelism, maxBatch, askTimeout, prefix, shards, exactlyOnce, nodeId, snapshots, checkpoints);
  }

  public PipelineSettings withExactlyOnce(boolean on) {
    return new PipelineSettings(parallelism, maxBatch, askTimeout, groupIdPrefix, shards, on, nodeId, snapshots, checkpoints);
  }

  public PipelineSettings withNodeId(String id) {
    return new PipelineSettings(parallelism, maxBatch, askTimeout, groupIdPrefix, shards, exactlyOnce, id, snapshots, checkpoints);
  }
}
