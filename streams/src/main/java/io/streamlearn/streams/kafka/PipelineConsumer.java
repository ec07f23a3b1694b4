package io.streamlearn.streams.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The pipelines' consumer: a KafkaConsumer that does two things more.
 *
 * <p>It tells its current group metadata (generation and member id) to the {@link
 * TransactionalSink}, after every poll and every assignment: a consumer is used by one thread only,
 * and the sink commits on another, so the metadata is read where the consumer runs. Sent with the
 * offsets of a transaction, the metadata lets the broker refuse a commit from a member that is no
 * longer in the group's current generation (a zombie whose partitions moved on).
 *
 * <p>Once closing, it no longer hands the revocation of its partitions to the rebalance listener.
 * Closing revokes every assigned partition, and Pekko Connectors' transactional source answers a
 * revocation by asking its stage to drain, a stage that has finished by then (the stream was
 * drained before the consumer is closed), so each close waited out the whole commit timeout
 * (15 s). Nothing is lost by skipping it: in-flight records were committed or aborted by the
 * drain, and the node is leaving.
 */
final class PipelineConsumer extends KafkaConsumer<byte[], byte[]> {

  private final java.util.function.Consumer<ConsumerGroupMetadata> onGroupMetadata;
  private volatile boolean closing;

  PipelineConsumer(Map<String, Object> properties, java.util.function.Consumer<ConsumerGroupMetadata> onGroupMetadata) {
    super(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.onGroupMetadata = onGroupMetadata;
  }

  @Override
  public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
    ConsumerRecords<byte[], byte[]> records = super.poll(timeout);
    onGroupMetadata.accept(groupMetadata());
    return records;
  }

  @Override
  public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
    super.subscribe(topics, withinPipeline(listener));
  }

  @Override
  public void subscribe(Pattern pattern, ConsumerRebalanceListener listener) {
    super.subscribe(pattern, withinPipeline(listener));
  }

  @Override
  public void close() {
    closing = true;
    super.close();
  }

  @Override
  public void close(Duration timeout) {
    closing = true;
    super.close(timeout);
  }

  private ConsumerRebalanceListener withinPipeline(ConsumerRebalanceListener listener) {
    return new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (!closing) {
          listener.onPartitionsRevoked(partitions);
        }
      }

      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        // The new generation, before any record of it is handed out.
        onGroupMetadata.accept(groupMetadata());
        listener.onPartitionsAssigned(partitions);
      }

      @Override
      public void onPartitionsLost(Collection<TopicPartition> partitions) {
        if (!closing) {
          listener.onPartitionsLost(partitions);
        }
      }
    };
  }
}
