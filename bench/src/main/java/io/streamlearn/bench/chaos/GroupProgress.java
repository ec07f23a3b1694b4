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

/**
 * How far the pipelines' consumer groups (one per domain) have committed their input topics (Kafka
 * admin queries).
 */
final class GroupProgress {
  private final KafkaClients kafka;
  private final Map<String, List<String>> groups;

  GroupProgress(KafkaClients kafka, String groupId, List<String> inputTopics) {
    this(kafka, Map.of(groupId, inputTopics));
  }

  /** @param groups input topics by group id */
  GroupProgress(KafkaClients kafka, Map<String, List<String>> groups) {
    this.kafka = kafka;
    this.groups = Map.copyOf(groups);
  }

  /** Input records committed, over all groups and partitions. */
  long committed() throws Exception {
    long sum = 0;
    for (String group : groups.keySet()) {
      sum += groupOffsets(group).values().stream().mapToLong(Long::longValue).sum();
    }
    return sum;
  }

  /** Whether every group committed every input record written so far. */
  boolean allCommitted() throws Exception {
    for (var group : groups.entrySet()) {
      Map<TopicPartition, Long> end = endOffsets(group.getValue());
      Map<TopicPartition, Long> committed = groupOffsets(group.getKey());
      if (!end.entrySet().stream().allMatch(e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
        return false;
      }
    }
    return true;
  }

  private Map<TopicPartition, Long> groupOffsets(String groupId) throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
          .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
      Map<TopicPartition, Long> result = new HashMap<>();
      offsets.forEach((tp, o) -> result.put(tp, o.offset()));
      return result;
    }
  }

  private Map<TopicPartition, Long> endOffsets(List<String> inputTopics) throws Exception {
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
