package io.streamlearn.streams.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/** Input and output topics of a sink under test, {@code <name>.in} and {@code <name>.out}, and the group's offsets. */
final class SinkTopics {

  private SinkTopics() {}

  static void create(KafkaClients clients, String name) {
    // Waits for the partitions' leaders: a producer that races a new topic's first leader election
    // can see its first batch refused as out of order.
    TopicAdmin.ensureTopics(clients, List.of(name + ".in", name + ".out"),
        ConfigFactory.load().getConfig("streamlearn.kafka"), false);
  }

  /** Records {@code from} to {@code from + count - 1}: key {@code k<i % 10>}, value {@code v<i>}. */
  static void produce(KafkaClients clients, String topic, int from, int count) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = clients.producer(Map.of())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (int i = from; i < from + count; i++) {
        sent.add(producer.send(new ProducerRecord<>(topic, ("k" + i % 10).getBytes(), ("v" + i).getBytes())));
      }
      for (Future<RecordMetadata> each : sent) {
        each.get(30, TimeUnit.SECONDS);
      }
    }
  }

  /** The group's committed offset per partition (0 where none). */
  static Map<TopicPartition, Long> committedOffsets(KafkaClients clients, String group) throws Exception {
    try (Admin admin = clients.admin(Map.of())) {
      Map<TopicPartition, Long> offsets = new HashMap<>();
      admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
          .forEach((partition, offset) -> offsets.put(partition, offset == null ? 0L : offset.offset()));
      return offsets;
    }
  }

  /** The sum over partitions of the group's committed offsets. */
  static long committed(KafkaClients clients, String group) throws Exception {
    return committedOffsets(clients, group).values().stream().mapToLong(Long::longValue).sum();
  }

  static void awaitCommitted(KafkaClients clients, String group, long records, Duration wait) throws Exception {
    long deadline = System.nanoTime() + wait.toNanos();
    while (committed(clients, group) < records && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(records, committed(clients, group), "offsets committed of group " + group);
  }
}
