package io.streamlearn.streams.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The pipelines' consumer: a KafkaConsumer that, once closing, no longer hands the revocation of its
 * partitions to the rebalance listener. Closing revokes every assigned partition, and Pekko
 * Connectors' transactional source answers a revocation by asking its stage to drain, a stage that
 * has finished by then (the stream was drained before the consumer is closed), so each close waited
 * out the whole commit timeout (15 s). Nothing is lost by skipping it: in-flight records were
 * committed or aborted by the drain, and the node is leaving.
 */
final class ClosingConsumer extends KafkaConsumer<byte[], byte[]> {

  private volatile boolean closing;

  ClosingConsumer(Map<String, Object> properties) {
    super(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @Override
  public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
    super.subscribe(topics, quietWhenClosing(listener));
  }

  @Override
  public void subscribe(Pattern pattern, ConsumerRebalanceListener listener) {
    super.subscribe(pattern, quietWhenClosing(listener));
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

  private ConsumerRebalanceListener quietWhenClosing(ConsumerRebalanceListener listener) {
    return new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (!closing) {
          listener.onPartitionsRevoked(partitions);
        }
      }

      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
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
