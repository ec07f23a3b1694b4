package io.streamlearn.bench.chaos;

import io.streamlearn.streams.kafka.KafkaClients;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** How far the pipeline's consumer group has committed its input topics (Kafka admin queries). */
final class GroupProgress {
  private final KafkaClients kafka;
  private final String groupId;
  private final List<String> inputTopics;

  GroupProgress(KafkaClients kafka, String groupId, List<String> inputTopics) {
    this.kafka = kafka;
    this.groupId = groupId;
    this.inputTopics = inputTopics;
  }

  /** Input records committed, over all partitions. */
  long committed() throws Exception {
    return groupOffsets().values().stream().mapToLong(Long::longValue).sum();
  }

  /** Whether the group committed every input record written so far. */
  boolean allCommitted() throws Exception {
    Map<TopicPartition, Long> end = endOffsets();
    Map<TopicPartition, Long> committed = groupOffsets();
    return end.entrySet().stream().allMatch(e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue());
  }

  private Map<TopicPartition, Long> groupOffsets() throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
          .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
      Map<TopicPartition, Long> result = new HashMap<>();
      offsets.forEach((tp, o) -> result.put(tp, o.offset()));
      return result;
    }
  }

  private Map<TopicPartition, Long> endOffsets() throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      for (var description : admin.describeTopics(inputTopics).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
        description.partitions().forEach(p -> request.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
      }
      Map<TopicPartition, Long> end = new HashMap<>();
      admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> end.put(tp, info.offset()));
      return end;
    }
  }

  private Admin admin() {
    Properties props = new Properties();
    return kafka.admin(props);
  }
}
