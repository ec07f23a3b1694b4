package io.streamlearn.streams.kafka;

import io.streamlearn.streams.Domain;
import io.streamlearn.streams.DomainFlow;
import io.streamlearn.streams.EntityRouter;
import io.streamlearn.streams.PartitionGate;
import io.streamlearn.streams.PipelineMetrics;
import io.streamlearn.streams.Snapshots;

import io.streamlearn.actors.EntityActor;
import io.streamlearn.schemas.EntitySnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
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
 *
 * <p>A snapshot is applied only if it fits the live log ({@link SnapshotCheck}): one whose input
 * topic ids differ from the live topics' (deleted and recreated since) or whose offsets lie beyond
 * the partition's end would make its entity skip records it never saw, so its entity is rebuilt
 * from the log instead. Snapshots written now carry the ids read here ({@link #origin()}).
 */
public final class Recovery implements PartitionGate, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Recovery.class);

  /** What one recovery did, for logs, metrics and the chaos harness. */
  public record Report(String domain, int partition, long generation, int snapshots, long replayed, long millis,
      int rejected) {}

  private final Domain<?, ?> domain;
  private final EntityRouter router;
  private final DomainFlow flow;
  private final KafkaClients kafka;
  private final PipelineMetrics metrics;
  private final AtomicReference<Snapshots.Origin> origin;
  private final String groupId;
  private final String transactionalId;
  private final Consumer<Report> onRecovered;
  private boolean predecessorFenced;
  private Admin admin;
  private final Map<Integer, CompletableFuture<Long>> partitions = new ConcurrentHashMap<>();
  private final AtomicLong generations = new AtomicLong();
  // Recovery blocks on Kafka reads: its own thread, never the actors' dispatcher.
  private final ExecutorService io = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "recovery");
    thread.setDaemon(true);
    return thread;
  });

  /** @param origin shared with the parked states, which write snapshots too; set at each recovery */
  public Recovery(Domain<?, ?> domain, EntityRouter router, PipelineMetrics metrics, KafkaClients kafka, String groupId,
      String transactionalId, AtomicReference<Snapshots.Origin> origin, Consumer<Report> onRecovered) {
    this.domain = domain;
    this.router = router;
    this.flow = DomainFlow.forRecovery(domain, router, metrics);
    this.kafka = kafka;
    this.metrics = metrics;
    this.origin = origin;
    this.groupId = groupId;
    this.transactionalId = transactionalId;
    this.onRecovered = onRecovered;
  }

  @Override
  public CompletionStage<Long> generation(int partition) {
    return partitions.computeIfAbsent(partition, p -> CompletableFuture.supplyAsync(() -> recover(p), io));
  }

  @Override
  public Snapshots.Origin origin() {
    return origin.get();
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
      Set<TopicPartition> inputs = new HashSet<>();
      domain.inputTopics().forEach(topic -> inputs.add(new TopicPartition(topic, partition)));
      SnapshotCheck.Live live = live(consumer, inputs);
      Map<String, EntitySnapshot> snapshots = latestSnapshots(consumer, partition);
      Map<SnapshotCheck.Verdict, Integer> unsound = new EnumMap<>(SnapshotCheck.Verdict.class);
      List<CompletableFuture<?>> restored = new ArrayList<>();
      snapshots.forEach((entityId, snapshot) -> {
        SnapshotCheck.Verdict verdict = SnapshotCheck.check(snapshot.getSourceOffsets(), snapshot.getSourceTopicIds(), live);
        if (verdict != SnapshotCheck.Verdict.APPLY) {
          unsound.merge(verdict, 1, Integer::sum);
        }
        // A snapshot not applied: its entity meets the new generation without a restore and
        // starts afresh, rebuilt by the replay below from what the log holds.
        if (verdict.applied) {
          restored.add(router.<Done, Object>ask(
              replyTo -> new EntityActor.Restore(entityId, Snapshots.state(snapshot), generation, replyTo), done -> done)
              .toCompletableFuture());
        }
      });
      CompletableFuture.allOf(restored.toArray(CompletableFuture[]::new)).join();
      int rejected = reportUnsound(partition, unsound);

      Map<TopicPartition, OffsetAndMetadata> committed = committed(consumer, inputs);
      long replayed = 0;
      for (TopicPartition input : inputs) {
        OffsetAndMetadata end = committed.get(input);
        long logEnd = live.ends().getOrDefault(key(input), 0L);
        if (end != null && end.offset() > logEnd) {
          // The group's offset of an earlier log: the live stream restarts at this log's start
          // (auto.offset.reset), and every record there reaches its entity live.
          log.warn("{}: committed offset {} is beyond the log's end {}; its records are read live from the log start",
              input, end.offset(), logEnd);
        } else if (end != null) {
          replayed += replay(consumer, input, end.offset(), generation);
        }
      }
      Report report = new Report(domain.name(), partition, generation, snapshots.size() - rejected, replayed,
          (System.nanoTime() - started) / 1_000_000, rejected);
      log.info("recovered {} partition {}: {} snapshots, {} not applied, {} records replayed, {} ms",
          domain.name(), partition, report.snapshots(), report.rejected(), report.replayed(), report.millis());
      onRecovered.accept(report);
      return generation;
    }
  }

  /**
   * The live input partitions: topic ids (which snapshots written from now on carry too), log
   * start and end offsets. An input topic that does not exist has no id and an empty log.
   */
  private SnapshotCheck.Live live(KafkaConsumer<byte[], byte[]> consumer, Set<TopicPartition> inputs) {
    if (admin == null) {
      admin = kafka.admin(Map.of());
    }
    Map<String, TopicDescription> topics = TopicAdmin.describeExisting(admin, domain.inputTopics());
    Map<String, String> ids = new HashMap<>();
    topics.forEach((name, description) -> ids.put(name, description.topicId().toString()));
    origin.set(new Snapshots.Origin(ids, groupId));
    List<TopicPartition> existing = inputs.stream()
        .filter(tp -> topics.containsKey(tp.topic()) && tp.partition() < topics.get(tp.topic()).partitions().size())
        .toList();
    Map<String, Long> beginnings = new HashMap<>();
    Map<String, Long> ends = new HashMap<>();
    consumer.beginningOffsets(existing).forEach((tp, offset) -> beginnings.put(key(tp), offset));
    consumer.endOffsets(existing).forEach((tp, offset) -> ends.put(key(tp), offset));
    return new SnapshotCheck.Live(ids, beginnings, ends);
  }

  /** One WARN line and a count per reason (no entity ids: in eeg they are patients' recordings). */
  private int reportUnsound(int partition, Map<SnapshotCheck.Verdict, Integer> unsound) {
    int rejected = 0;
    for (Map.Entry<SnapshotCheck.Verdict, Integer> e : unsound.entrySet()) {
      SnapshotCheck.Verdict verdict = e.getKey();
      if (verdict.applied) {
        metrics.snapshotsGapped(verdict.reason, e.getValue());
        log.warn("{} partition {}: {} snapshot(s) older than the input log's start ({}): applied, but the records"
            + " retention deleted after them are lost to their entities", domain.name(), partition, e.getValue(),
            verdict.reason);
      } else {
        metrics.snapshotsRejected(verdict.reason, e.getValue());
        rejected += e.getValue();
        log.warn("{} partition {}: {} snapshot(s) not applied ({}: {}); their entities are rebuilt from the log",
            domain.name(), partition, e.getValue(), verdict.reason, verdict == SnapshotCheck.Verdict.REJECT_TOPIC_ID
                ? "an input topic was deleted and recreated since they were written"
                : "their offsets lie beyond the end of the input log");
      }
    }
    return rejected;
  }

  private static String key(TopicPartition tp) {
    return tp.topic() + "/" + tp.partition();
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
    if (admin != null) {
      admin.close(Duration.ZERO);
    }
  }
}
