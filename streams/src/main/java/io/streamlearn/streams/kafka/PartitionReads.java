package io.streamlearn.streams.kafka;

import io.streamlearn.schemas.EntitySnapshot;
import io.streamlearn.schemas.PartitionCheckpoint;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.Snapshots;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What one {@link Recovery} of one partition reads from Kafka, through one consumer of its own. */
final class PartitionReads implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PartitionReads.class);

  /**
   * What a snapshots partition holds: the latest snapshot per entity, the latest checkpoint (or
   * null), and how many records were read for them (older ones the log cleaner has not removed yet).
   */
  record Stored(Map<String, EntitySnapshot> snapshots, PartitionCheckpoint checkpoint, long read) {}

  private final Domain<?, ?> domain;
  private final int partition;
  private final Set<TopicPartition> inputs;
  private final KafkaConsumer<byte[], byte[]> consumer;

  PartitionReads(KafkaClients kafka, String groupId, Domain<?, ?> domain, int partition) {
    this.domain = domain;
    this.partition = partition;
    this.inputs = domain.inputTopics().stream().map(topic -> new TopicPartition(topic, partition)).collect(Collectors.toSet());
    // A read to a known end needs no long poll, and a fetch parked at the broker (fetch.max.wait.ms,
    // 500 ms by default) holds up every later request on its connection: the next partition's
    // fetch, the offset fetch, the close.
    this.consumer = CommittedReader.consumer(kafka, Map.of(ConsumerConfig.GROUP_ID_CONFIG, groupId,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000", ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10"));
  }

  /** The partition of every input topic. */
  Set<TopicPartition> inputs() {
    return inputs;
  }

  static String key(TopicPartition tp) {
    return tp.topic() + "/" + tp.partition();
  }

  /**
   * The live input partitions: topic ids, log start and end offsets. An input topic that does not
   * exist has no id and an empty log.
   */
  SnapshotCheck.Live live(Admin admin) {
    Map<String, TopicDescription> topics = TopicAdmin.describeExisting(admin, domain.inputTopics());
    Map<String, String> ids = new HashMap<>();
    topics.forEach((name, description) -> ids.put(name, description.topicId().toString()));
    List<TopicPartition> existing = inputs.stream()
        .filter(tp -> topics.containsKey(tp.topic()) && tp.partition() < topics.get(tp.topic()).partitions().size())
        .toList();
    Map<String, Long> beginnings = new HashMap<>();
    Map<String, Long> ends = new HashMap<>();
    consumer.beginningOffsets(existing).forEach((tp, offset) -> beginnings.put(key(tp), offset));
    consumer.endOffsets(existing).forEach((tp, offset) -> ends.put(key(tp), offset));
    return new SnapshotCheck.Live(ids, beginnings, ends);
  }

  /**
   * The group's committed offsets. A transaction of another node that died holding these
   * partitions keeps them pending until the broker aborts it (transaction.timeout.ms): wait.
   */
  Map<TopicPartition, OffsetAndMetadata> committed() {
    while (true) {
      try {
        return consumer.committed(inputs, Duration.ofSeconds(30));
      } catch (TimeoutException e) {
        log.warn("committed offsets of {} still pending (an open transaction of a failed producer?); waiting", inputs);
      }
    }
  }

  /** The snapshots partition of the input partition, read to its current end. */
  Stored stored() {
    // Only the latest record per entity is decoded: a partition the cleaner has not compacted
    // yet holds many older ones.
    Map<String, byte[]> latest = new HashMap<>();
    byte[][] checkpoint = {null};
    long[] read = {0};
    TopicPartition tp = new TopicPartition(domain.snapshotTopic(), partition);
    read(tp, null, consumer.endOffsets(List.of(tp)).get(tp), record -> {
      read[0]++;
      if (Checkpoints.isCheckpoint(record.key())) {
        checkpoint[0] = record.value();
      } else {
        latest.put(new String(record.key(), StandardCharsets.UTF_8), record.value());
      }
    });
    Map<String, EntitySnapshot> snapshots = new HashMap<>();
    latest.forEach((entity, value) -> snapshots.put(entity, Snapshots.CODEC.decode(value)));
    return new Stored(snapshots, checkpoint[0] == null ? null : Checkpoints.CODEC.decode(checkpoint[0]), read[0]);
  }

  /** Reads {@code tp} from {@code from} (null: its start) up to {@code end}. */
  void read(TopicPartition tp, Long from, long end, Consumer<ConsumerRecord<byte[], byte[]>> each) {
    consumer.assign(List.of(tp));
    if (from == null) {
      consumer.seekToBeginning(List.of(tp));
    } else {
      consumer.seek(tp, from);
    }
    while (consumer.position(tp) < end) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (record.offset() < end) {
          each.accept(record);
        }
      }
    }
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
