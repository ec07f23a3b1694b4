package io.streamlearn.streams;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Plain Kafka consumers that see only committed records, for reads outside the pipeline. */
public final class CommittedReader {

  private CommittedReader() {}

  /**
   * A byte-array consumer with {@code read_committed} (outputs of aborted transactions are never
   * seen) and no auto-commit (it reads; only the pipeline commits), plus {@code settings}.
   */
  public static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, Map<String, Object> settings) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.putAll(settings);
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
