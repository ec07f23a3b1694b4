package io.streamlearn.streams.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads outside the pipeline that see only committed records (outputs of aborted transactions are
 * never seen), the way every downstream reader should: simulators waiting for decisions, capture,
 * recovery, benchmarks and tests reading outputs back.
 */
public final class CommittedReader {

  private CommittedReader() {}

  /**
   * A byte-array consumer with {@code read_committed} and no auto-commit (it reads; only the
   * pipeline commits), plus {@code settings}.
   */
  public static KafkaConsumer<byte[], byte[]> consumer(KafkaClients kafka, Map<String, Object> settings) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.putAll(settings);
    return kafka.consumer(props);
  }

  /** Reads {@code topic} from its start until {@code done} holds for what was read, or the timeout passes. */
  public static List<ConsumerRecord<byte[], byte[]>> readUntil(
      KafkaClients kafka, String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka, Map.of())) {
      List<TopicPartition> partitions = assignFromStart(consumer, topic);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(records) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
      return records;
    }
  }

  /**
   * Hands every committed record of {@code topic}, from its start to its end as of this call, to
   * {@code each}, in offset order per partition.
   */
  public static void readToEnd(KafkaClients kafka, String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka, Map.of())) {
      List<TopicPartition> partitions = assignFromStart(consumer, topic);
      // read_committed: the end is the last stable offset, so the loop never waits on open transactions.
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        consumer.poll(Duration.ofMillis(200)).forEach(each);
      }
    }
  }

  /** Assigns {@code consumer} every partition of {@code topic}, positioned at its start; returns them. */
  public static List<TopicPartition> assignFromStart(KafkaConsumer<byte[], byte[]> consumer, String topic) {
    return assignFromStart(consumer, List.of(topic));
  }

  /** Assigns {@code consumer} every partition of these topics, positioned at their start; returns them. */
  public static List<TopicPartition> assignFromStart(KafkaConsumer<byte[], byte[]> consumer, List<String> topics) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalArgumentException("topic " + topic + " does not exist");
      }
      infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return partitions;
  }
}
