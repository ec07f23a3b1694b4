package io.streamlearn.streams.kafka;

import io.streamlearn.streams.PipelineMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.kafka.ConsumerMessage;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once end of a pipeline: the outputs of the records a transactional source emitted and
 * their consumed offsets, committed together in the transactions of one plain Kafka producer that
 * runs on a thread of its own (Kafka's producer is blocking in its transaction calls).
 *
 * <p>A transaction starts at most once per commit interval ({@code
 * pekko.kafka.producer.eos-commit-interval}); what arrives while one commits gathers into the next
 * (up to {@code maxRecords}), so under load transactions grow instead of queueing, and an idle
 * stream commits a lone record at once. The group metadata sent with the offsets is the
 * consumer's current one (generation and member id, from {@link PipelineConsumer}), so the broker
 * refuses a commit from a member whose partitions have moved on.
 *
 * <p>Written here instead of Pekko Connectors' {@code Transactional.flow} (1.2), which sends with
 * one request in flight, stops pulling while each commit's sends are acknowledged, commits on a
 * stream thread and sends the group id alone as the group metadata; it was the measured ceiling of
 * the pipeline (README, bench e2e). After each commit the source is told which offsets are
 * committed, through the source's committed marker (an internal API of Pekko Connectors, the one
 * its own producer stage uses): the source's revocation drain waits for that.
 */
public final class TransactionalSink {

  private static final Logger log = LoggerFactory.getLogger(TransactionalSink.class);

  private final String transactionalId;
  private final Supplier<ConsumerGroupMetadata> groupMetadata;
  private final PipelineMetrics metrics;
  private final long intervalNanos;
  private final ProducerThread producer;

  private TransactionalSink(ProducerSettings<byte[], byte[]> settings, String transactionalId,
      Supplier<ConsumerGroupMetadata> groupMetadata, PipelineMetrics metrics) {
    this.transactionalId = transactionalId;
    this.groupMetadata = groupMetadata;
    this.metrics = metrics;
    this.intervalNanos = settings.eosCommitInterval().toNanos();
    ProducerSettings<byte[], byte[]> transactional = settings.withProperties(Map.of(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"));
    // At once, not at the first record: initialising fences a predecessor with the same id and
    // aborts its open transaction, which recovery's read of the committed offsets waits for.
    this.producer = new ProducerThread(transactionalId + "-transactions", () -> {
      Producer<byte[], byte[]> created = transactional.createKafkaProducer();
      try {
        created.initTransactions();
      } catch (KafkaException e) {
        created.close(Duration.ZERO);
        throw e;
      }
      return created;
    });
  }

  /**
   * A sink of (outputs, consumed offset) pairs from {@code Transactional.sourceWithOffsetContext};
   * each materialization has its own producer, closed when the stream ends.
   */
  public static Sink<Pair<List<ProducerRecord<byte[], byte[]>>, ConsumerMessage.PartitionOffset>, CompletionStage<Done>>
      create(ProducerSettings<byte[], byte[]> settings, String transactionalId, Supplier<ConsumerGroupMetadata> groupMetadata,
          int maxRecords, PipelineMetrics metrics) {
    return Sink.<Pair<List<ProducerRecord<byte[], byte[]>>, ConsumerMessage.PartitionOffset>, CompletionStage<Done>>
        fromMaterializer((materializer, attributes) -> {
          TransactionalSink sink = new TransactionalSink(settings, transactionalId, groupMetadata, metrics);
          return Flow.<Pair<List<ProducerRecord<byte[], byte[]>>, ConsumerMessage.PartitionOffset>>create()
              .batchWeighted(maxRecords, pair -> 1L + pair.first().size(), Transaction::of, Transaction::add)
              .mapAsync(1, sink::commit)
              .toMat(Sink.ignore(), Keep.right())
              .mapMaterializedValue(done -> done.whenComplete((ok, error) -> sink.producer.close()));
        })
        .mapMaterializedValue(done -> done.thenCompose(inner -> inner));
  }

  private CompletionStage<Done> commit(Transaction transaction) {
    return producer.run(p -> {
      long started = System.nanoTime();
      commit(p, transaction);
      metrics.committed(System.nanoTime() - started, transaction.records.size());
      // Pace: what arrives meanwhile goes into the next transaction.
      long rest = intervalNanos - (System.nanoTime() - started);
      if (rest > 0) {
        sleep(rest);
      }
      return Done.getInstance();
    });
  }

  private void commit(Producer<byte[], byte[]> p, Transaction transaction) {
    ConsumerMessage.PartitionOffsetCommittedMarker marker = transaction.marker;
    try {
      p.beginTransaction();
      // Sends settled before the offsets go: a producer fenced meanwhile would otherwise leave
      // sendOffsetsToTransaction waiting out max.block.ms (60 s) instead of failing.
      ProducerThread.sendAndFlush(p, transaction.records);
      ConsumerGroupMetadata metadata = groupMetadata.get();
      p.sendOffsetsToTransaction(transaction.offsets,
          metadata != null ? metadata : new ConsumerGroupMetadata(marker.key().groupId()));
      p.commitTransaction();
    } catch (KafkaException e) {
      abort(p, e);
      marker.committedMarker().failed();
      throw e;
    }
    marker.committedMarker().committed(scala.collection.immutable.Map.from(
        scala.jdk.javaapi.CollectionConverters.asScala(transaction.offsets)));
  }

  private void abort(Producer<byte[], byte[]> p, KafkaException cause) {
    log.error("{}: transaction failed, aborting it ({})", transactionalId, cause.toString());
    if (cause instanceof ProducerFencedException || cause instanceof OutOfOrderSequenceException
        || cause instanceof AuthorizationException) {
      return; // the producer cannot go on: nothing to abort with it
    }
    try {
      p.abortTransaction();
    } catch (KafkaException abortFailed) {
      cause.addSuppressed(abortFailed);
    }
  }

  private static void sleep(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The outputs and the next offset per input partition of the records one transaction commits. */
  private static final class Transaction {
    final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    ConsumerMessage.PartitionOffsetCommittedMarker marker;

    static Transaction of(Pair<List<ProducerRecord<byte[], byte[]>>, ConsumerMessage.PartitionOffset> first) {
      return new Transaction().add(first);
    }

    Transaction add(Pair<List<ProducerRecord<byte[], byte[]>>, ConsumerMessage.PartitionOffset> next) {
      records.addAll(next.first());
      ConsumerMessage.PartitionOffset offset = next.second();
      // A partition's records come in offset order: the last one is the highest.
      offsets.put(new TopicPartition(offset.key().topic(), offset.key().partition()),
          new OffsetAndMetadata(offset.offset() + 1));
      marker = (ConsumerMessage.PartitionOffsetCommittedMarker) offset;
      return this;
    }
  }
}
