package io.streamlearn.bench.e2e;

import io.streamlearn.streams.kafka.KafkaClients;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The physical ceiling on this broker: a consume → produce copy with the plain Kafka clients, one
 * thread, the pipeline's client settings (max.poll.records 2000, linger 5 ms, 256 KB batches, acks
 * all, idempotence). Exactly-once: a transactional producer, the consumed offsets sent with
 * {@code sendOffsetsToTransaction} and committed every 100 ms (the pipeline's eos-commit-interval).
 * At-least-once: every 100 ms the highest acknowledged offset of each input partition is committed
 * (asynchronously; a copy goes to the partition its input came from, same key and partition count,
 * so a partition's acknowledgements come in its offset order).
 */
final class PlainPassthrough implements Contender.Running {

  private static final long COMMIT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final Thread thread;
  private volatile boolean stopping;
  private volatile Throwable failure;

  private PlainPassthrough(KafkaClients kafka, Collection<String> inputs, String output, boolean transactions,
      String name, AtomicLong firstNanos) {
    thread = new Thread(() -> {
      try {
        copy(kafka, inputs, output, transactions, name, firstNanos);
      } catch (Throwable e) {
        failure = e;
      }
    }, "plain-passthrough-" + name);
    thread.start();
  }

  static Contender.Running start(KafkaClients kafka, Collection<String> inputs, String output, boolean transactions,
      String name, AtomicLong firstNanos) {
    return new PlainPassthrough(kafka, inputs, output, transactions, name, firstNanos);
  }

  private void copy(KafkaClients kafka, Collection<String> inputs, String output, boolean transactions, String name,
      AtomicLong firstNanos) {
    Map<String, Object> producerProps = new HashMap<>(Map.of(ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true", ProducerConfig.LINGER_MS_CONFIG, "5",
        ProducerConfig.BATCH_SIZE_CONFIG, "262144"));
    if (transactions) {
      producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, name);
    }
    Map<String, Object> consumerProps = Map.of(ConsumerConfig.GROUP_ID_CONFIG, name,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    try (KafkaProducer<byte[], byte[]> producer = kafka.producer(producerProps);
        KafkaConsumer<byte[], byte[]> consumer = kafka.consumer(consumerProps)) {
      if (transactions) {
        producer.initTransactions();
      }
      consumer.subscribe(inputs);
      Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
      Map<TopicPartition, OffsetAndMetadata> acked = new ConcurrentHashMap<>();
      boolean open = false;
      long lastCommit = System.nanoTime();
      while (!stopping) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(20));
        if (!records.isEmpty()) {
          firstNanos.compareAndSet(0, System.nanoTime());
          if (transactions && !open) {
            producer.beginTransaction();
            open = true;
          }
          for (ConsumerRecord<byte[], byte[]> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            OffsetAndMetadata next = new OffsetAndMetadata(r.offset() + 1);
            if (transactions) {
              producer.send(new ProducerRecord<>(output, null, r.timestamp(), r.key(), r.value()));
              pending.put(tp, next);
            } else {
              producer.send(new ProducerRecord<>(output, null, r.timestamp(), r.key(), r.value()), (metadata, error) -> {
                if (error == null) {
                  acked.merge(tp, next, (a, b) -> a.offset() >= b.offset() ? a : b);
                }
              });
            }
          }
        }
        if (System.nanoTime() - lastCommit >= COMMIT_INTERVAL_NANOS) {
          if (transactions && !pending.isEmpty()) {
            commitTransaction(producer, consumer, pending);
            open = false;
          } else if (!transactions && !acked.isEmpty()) {
            consumer.commitAsync(Map.copyOf(acked), null);
          }
          lastCommit = System.nanoTime();
        }
      }
      if (transactions && !pending.isEmpty()) {
        commitTransaction(producer, consumer, pending);
      } else if (open) {
        producer.abortTransaction();
      } else if (!transactions) {
        producer.flush();
        consumer.commitSync(Map.copyOf(acked));
      }
    }
  }

  private static void commitTransaction(KafkaProducer<byte[], byte[]> producer, KafkaConsumer<byte[], byte[]> consumer,
      Map<TopicPartition, OffsetAndMetadata> pending) {
    producer.sendOffsetsToTransaction(pending, consumer.groupMetadata());
    producer.commitTransaction();
    pending.clear();
  }

  @Override
  public boolean failed() {
    return failure != null || !thread.isAlive();
  }

  @Override
  public void stop() throws Exception {
    stopping = true;
    thread.join(TimeUnit.SECONDS.toMillis(60));
    if (failure != null) {
      throw new IllegalStateException("plain passthrough failed: " + failure, failure);
    }
  }
}
