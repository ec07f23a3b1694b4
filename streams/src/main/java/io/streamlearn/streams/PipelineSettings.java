package io.streamlearn.streams;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How a domain's pipeline talks to Kafka and its entities ({@code streamlearn.pipeline}).
 *
 * @param parallelism entity asks in flight per domain (different entities work in parallel)
 * @param askTimeout how long an entity may take on one event before the stream fails
 * @param groupIdPrefix consumer group of a domain = prefix + domain name
 * @param shards shards per entity type in replay (live, shards are the input topic's partitions)
 */
public record PipelineSettings(int parallelism, Duration askTimeout, String groupIdPrefix, int shards) {

  public static PipelineSettings fromConfig(Config pipeline) {
    return new PipelineSettings(
        pipeline.getInt("parallelism"),
        pipeline.getDuration("ask-timeout"),
        pipeline.getString("group-id-prefix"),
        pipeline.getInt("replay-shards"));
  }

  public PipelineSettings withGroupIdPrefix(String prefix) {
    return new PipelineSettings(parallelism, askTimeout, prefix, shards);
  }
}
