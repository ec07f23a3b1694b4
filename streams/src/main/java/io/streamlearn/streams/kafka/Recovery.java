package io.streamlearn.streams.kafka;

import io.streamlearn.streams.Domain;
import io.streamlearn.streams.DomainFlow;
import io.streamlearn.streams.EntityRouter;
import io.streamlearn.streams.PartitionGate;
import io.streamlearn.streams.PipelineMetrics;
import io.streamlearn.streams.Snapshots;

import io.streamlearn.actors.EntityActor;
import io.streamlearn.schemas.EntitySnapshot;
import io.streamlearn.streams.kafka.CommittedReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.pekko.Done;

/**
 * Rebuilds the entities of an input partition when this node is assigned it, before any of its
 * live records are processed (it is the exactly-once pipeline's {@link PartitionGate}).
 *
 * <p>Recovery starts when the partition is assigned, and its records wait for it. For partition
 * p: read the latest snapshot of every entity in {@code <domain>.snapshots}
 * partition p and {@link EntityActor.Restore} it under a new generation; then read each input
 * topic's partition p from its start up to the group's committed offset and feed the records to
 * their entities with outputs dropped: they were committed already, in the transactions that
 * committed those offsets. Entities skip what their snapshot includes, and an entity without a
 * snapshot starts afresh at its first record of the new generation. Afterwards every entity is
 * exactly where an uninterrupted run would be at the committed offsets, so live processing
 * resumes there. (The read is from the log start, the model work only after each snapshot: a
 * per-partition checkpoint would bound the read too.)
 */
public final class Recovery implements PartitionGate, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Recovery.class);

  /** What one recovery did, for logs, metrics and the chaos harness. */
  public record Report(String domain, int partition, long generation, int snapshots, long replayed, long millis) {}

  private final Domain<?, ?> domain;
  private final EntityRouter router;
  private final DomainFlow flow;
  private final KafkaClients kafka;
  private final String groupId;
  private final String transactionalId;
  private final Consumer<Report> onRecovered;
  private boolean predecessorFenced;
  private final Map<Integer, CompletableFuture<Long>> partitions = new ConcurrentHashMap<>();
  private final AtomicLong generations = new AtomicLong();
  // Recovery blocks on Kafka reads: its own thread, never the actors' dispatcher.
  private final ExecutorService io = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "recovery");
    thread.setDaemon(true);
    return thread;
  });

  public Recovery(Domain<?, ?> domain, EntityRouter router, PipelineMetrics metrics, KafkaClients kafka, String groupId,
      String transactionalId, Consumer<Report> onRecovered) {
    this.domain = domain;
    this.router = router;
    this.flow = DomainFlow.forRecovery(domain, router, metrics);
    this.kafka = kafka;
    this.groupId = groupId;
    this.transactionalId = transactionalId;
    this.onRecovered = onRecovered;
  }

  @Override
  public CompletionStage<Long> generation(int partition) {
    return partitions.computeIfAbsent(partition, p -> CompletableFuture.supplyAsync(() -> recover(p), io));
  }

  /** Assigned partitions whose recovery has not finished. */
  public int recovering() {
    return (int) partitions.values().stream().filter(f -> !f.isDone()).count();
  }

  /** Starts recovering newly assigned partitions now; their records wait for it. */
  public void recover(Collection<Integer> assigned) {
    forget(assigned);
    assigned.forEach(this::generation);
  }

  /** Revoked or lost partitions: if they come back, their entities are recovered again. */
  public void forget(Collection<Integer> revoked) {
    revoked.forEach(partitions::remove);
  }

  private long recover(int partition) {
    long started = System.nanoTime();
    long generation = generations.incrementAndGet();
    if (!predecessorFenced) {
      fencePredecessor();
      predecessorFenced = true;
    }
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      Map<String, EntitySnapshot> snapshots = latestSnapshots(consumer, partition);
      List<CompletableFuture<?>> restored = new ArrayList<>();
      snapshots.forEach((entityId, snapshot) -> restored.add(router.<Done, Object>ask(
          replyTo -> new EntityActor.Restore(entityId, Snapshots.state(snapshot), generation, replyTo), done -> done)
          .toCompletableFuture()));
      CompletableFuture.allOf(restored.toArray(CompletableFuture[]::new)).join();

      Set<TopicPartition> inputs = new HashSet<>();
      domain.inputTopics().forEach(topic -> inputs.add(new TopicPartition(topic, partition)));
      Map<TopicPartition, OffsetAndMetadata> committed = committed(consumer, inputs);
      long replayed = 0;
      for (TopicPartition input : inputs) {
        OffsetAndMetadata end = committed.get(input);
        if (end != null) {
          replayed += replay(consumer, input, end.offset(), generation);
        }
      }
      Report report = new Report(domain.name(), partition, generation, snapshots.size(), replayed,
          (System.nanoTime() - started) / 1_000_000);
      log.info("recovered {} partition {}: {} snapshots, {} records replayed, {} ms",
          domain.name(), partition, report.snapshots(), report.replayed(), report.millis());
      onRecovered.accept(report);
      return generation;
    }
  }

  /**
   * Aborts the open transaction of this node's previous incarnation. The pipeline's own producer
   * would, but it starts with its first record, and records wait for this recovery, which cannot
   * read committed offsets while that transaction holds pending ones. Done once, before any
   * partition goes live: later, the pipeline's producer is this transactional id's owner.
   */
  private void fencePredecessor() {
    try (KafkaProducer<byte[], byte[]> producer = kafka.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId))) {
      producer.initTransactions();
    }
  }

  /**
   * The group's committed offsets. A transaction of another node that died holding these
   * partitions keeps them pending until the broker aborts it (transaction.timeout.ms): wait.
   */
  private Map<TopicPartition, OffsetAndMetadata> committed(KafkaConsumer<byte[], byte[]> consumer, Set<TopicPartition> inputs) {
    while (true) {
      try {
        return consumer.committed(inputs, Duration.ofSeconds(30));
      } catch (TimeoutException e) {
        log.warn("committed offsets of {} still pending (an open transaction of a failed producer?); waiting", inputs);
      }
    }
  }

  private Map<String, EntitySnapshot> latestSnapshots(KafkaConsumer<byte[], byte[]> consumer, int partition) {
    Map<String, EntitySnapshot> latest = new HashMap<>();
    TopicPartition tp = new TopicPartition(domain.snapshotTopic(), partition);
    readUpTo(consumer, tp, consumer.endOffsets(List.of(tp)).get(tp),
        record -> latest.put(new String(record.key(), StandardCharsets.UTF_8),
            Snapshots.CODEC.decode(record.value())));
    return latest;
  }

  private long replay(KafkaConsumer<byte[], byte[]> consumer, TopicPartition input, long end, long generation) {
    long[] count = {0};
    List<CompletableFuture<Void>> inFlight = new ArrayList<>();
    readUpTo(consumer, input, end, record -> {
      inFlight.add(flow.replay(record, generation).toCompletableFuture());
      count[0]++;
      if (inFlight.size() >= 1000) {
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        inFlight.clear();
      }
    });
    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
    return count[0];
  }

  private static void readUpTo(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long end,
      Consumer<ConsumerRecord<byte[], byte[]>> each) {
    consumer.assign(List.of(tp));
    consumer.seekToBeginning(List.of(tp));
    while (consumer.position(tp) < end) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (record.offset() < end) {
          each.accept(record);
        }
      }
    }
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    return CommittedReader.consumer(kafka,
        Map.of(ConsumerConfig.GROUP_ID_CONFIG, groupId, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000"));
  }

  @Override
  public void close() {
    io.shutdownNow();
  }
}
