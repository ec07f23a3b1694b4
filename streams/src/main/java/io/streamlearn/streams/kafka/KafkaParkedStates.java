package io.streamlearn.streams.kafka;

import io.streamlearn.streams.Domain;
import io.streamlearn.streams.Snapshots;

import io.streamlearn.actors.EntityState;
import io.streamlearn.actors.ParkedStates;
import io.streamlearn.schemas.EntitySnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parked entity states as snapshots in {@code <domain>.snapshots}: a stopped entity's state is
 * written there (a snapshot on passivation), and only its position is kept in memory; a
 * re-created entity reads it back from that position.
 *
 * <p>A parked state may include records whose transaction has not committed yet. Written at once,
 * it would survive a crash that aborts them, and recovery would then skip those records (the
 * snapshot says they were applied) and lose their outputs. So a parked state is written only once
 * the group's committed offsets cover every offset it includes; until then it is held in memory
 * (a few commit intervals). Written outside the pipeline's transactions, such a snapshot reflects
 * committed input only, which is all recovery needs.
 */
public final class KafkaParkedStates implements ParkedStates, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaParkedStates.class);
  private static final Duration WRITE_INTERVAL = Duration.ofMillis(500);

  /** A parked entity: its state until written, then its snapshot's offset. */
  private static final class Entry {
    final int partition;
    final long generation;
    // Taken when parked: a state parked before its input topic was recreated keeps the old ids,
    // so recovery will not apply it to the new topic if it is written later.
    final Snapshots.Origin origin;
    volatile EntityState state;
    volatile long offset = -1;

    Entry(int partition, Parked parked, Snapshots.Origin origin) {
      this.partition = partition;
      this.generation = parked.generation();
      this.origin = origin;
      this.state = parked.state();
    }
  }

  private final Domain<?, ?> domain;
  private final Supplier<Snapshots.Origin> origin;
  private final Checkpoints checkpoints;
  private final Map<String, Entry> parked = new ConcurrentHashMap<>();
  private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
  private volatile boolean draining;
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  // The Kafka clients are used from this thread only (a KafkaConsumer is not thread-safe).
  private volatile Thread ioThread;
  private final ScheduledExecutorService io = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "parked-states");
    thread.setDaemon(true);
    ioThread = thread;
    return thread;
  });

  KafkaParkedStates(Domain<?, ?> domain, KafkaClients kafka, String groupId, Supplier<Snapshots.Origin> origin,
      Checkpoints checkpoints) {
    this.domain = domain;
    this.origin = origin;
    this.checkpoints = checkpoints;
    this.producer = kafka.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"));
    this.consumer = CommittedReader.consumer(kafka,
        Map.of(ConsumerConfig.GROUP_ID_CONFIG, groupId, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1"));
    io.scheduleWithFixedDelay(this::writeCovered, WRITE_INTERVAL.toMillis(), WRITE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Keeps the state, unless its partition has moved to another node and this is not a drain: then
   * sharding is handing the entity off, the new owner restores it from the topic, and a write from
   * here could land after that owner's newer snapshot and win the compaction.
   */
  @Override
  public void park(String entityId, Parked state) {
    int partition = partitionOf(state.state());
    if (!draining && !owned.contains(partition)) {
      log.debug("{}: not parking {}, its partition {} is no longer this node's", domain.name(), entityId, partition);
      return;
    }
    parked.put(entityId, new Entry(partition, state, origin.get()));
  }

  /** Partitions assigned to this node: its entities' parked states are kept. */
  public void own(Collection<Integer> partitions) {
    owned.addAll(partitions);
  }

  /** The node is draining: every entity it parks from now on is written, whichever partition it is of. */
  public void draining() {
    draining = true;
  }

  @Override
  public CompletionStage<Optional<Parked>> take(String entityId) {
    Entry entry = parked.remove(entityId);
    if (entry == null) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    EntityState inMemory = entry.state;
    if (inMemory != null) {
      return CompletableFuture.completedFuture(Optional.of(new Parked(inMemory, entry.generation)));
    }
    return CompletableFuture.supplyAsync(() -> read(entityId, entry), io);
  }

  /**
   * Forgets the written parked states of partitions this node no longer owns: whoever owns them
   * next restores those entities from the topic. Unwritten ones stay until written: once covered
   * by committed offsets they are correct whoever owns the partition, and a drain revokes every
   * partition just before it parks the remaining entities.
   */
  public void forget(Collection<Integer> partitions) {
    owned.removeAll(partitions);
    parked.values().removeIf(entry -> entry.state == null && partitions.contains(entry.partition));
  }

  /** Parked states not yet written (waiting for their records' commit). */
  public int pending() {
    return (int) parked.values().stream().filter(entry -> entry.state != null).count();
  }

  /**
   * Writes every parked state its committed offsets cover, until none is left or the deadline
   * passes; returns how many are still unwritten (their entities are rebuilt by recovery).
   */
  public CompletionStage<Integer> flush(Duration deadline) {
    long until = System.nanoTime() + deadline.toNanos();
    return CompletableFuture.supplyAsync(() -> {
      writeCovered();
      while (pending() > 0 && System.nanoTime() < until) {
        sleep(100);
        writeCovered();
      }
      return pending();
    }, io);
  }

  private void writeCovered() {
    try {
      List<Map.Entry<String, Entry>> waiting = new ArrayList<>();
      Set<TopicPartition> inputs = new HashSet<>();
      for (Map.Entry<String, Entry> e : parked.entrySet()) {
        EntityState state = e.getValue().state;
        if (state != null) {
          waiting.add(e);
          state.sourceOffsets().keySet().forEach(key -> inputs.add(topicPartition(key)));
        }
      }
      if (waiting.isEmpty()) {
        return;
      }
      Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(inputs, Duration.ofSeconds(10));
      List<Runnable> recordOffsets = new ArrayList<>();
      for (Map.Entry<String, Entry> e : waiting) {
        Entry entry = e.getValue();
        EntityState state = entry.state;
        if (!covered(state, committed)) {
          continue;
        }
        var sent = producer.send(Snapshots.record(domain, e.getKey(), entry.partition, state, entry.origin));
        recordOffsets.add(() -> {
          try {
            RecordMetadata written = sent.get();
            entry.offset = written.offset();
            entry.state = null;
            checkpoints.written(entry.partition, e.getKey(), state.sourceOffsets());
          } catch (Exception failed) {
            log.warn("could not write the parked state of {}; will retry: {}", e.getKey(), failed.toString());
          }
        });
      }
      producer.flush();
      recordOffsets.forEach(Runnable::run);
    } catch (RuntimeException e) {
      log.warn("writing parked states failed; will retry: {}", e.toString());
    }
  }

  private static boolean covered(EntityState state, Map<TopicPartition, OffsetAndMetadata> committed) {
    for (Map.Entry<String, Long> next : state.sourceOffsets().entrySet()) {
      OffsetAndMetadata offset = committed.get(topicPartition(next.getKey()));
      if (offset == null || offset.offset() < next.getValue()) {
        return false;
      }
    }
    return true;
  }

  private Optional<Parked> read(String entityId, Entry entry) {
    TopicPartition tp = new TopicPartition(domain.snapshotTopic(), entry.partition);
    consumer.assign(List.of(tp));
    consumer.seek(tp, entry.offset);
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < until) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (record.offset() == entry.offset && entityId.equals(new String(record.key(), StandardCharsets.UTF_8))) {
          EntitySnapshot snapshot = Snapshots.CODEC.decode(record.value());
          return Optional.of(new Parked(Snapshots.state(snapshot), entry.generation));
        }
        // Compacted away: a newer snapshot of this entity exists, so another node owned its
        // partition since, and this node's recovery of the partition restores the entity.
        log.warn("parked state of {} is gone from {} offset {}", entityId, tp, entry.offset);
        return Optional.empty();
      }
    }
    throw new IllegalStateException("parked state of " + entityId + " not readable at " + tp + " offset " + entry.offset);
  }

  /** The input partition a state comes from: every input topic of a domain is co-partitioned. */
  private static int partitionOf(EntityState state) {
    String key = state.sourceOffsets().keySet().iterator().next();
    return topicPartition(key).partition();
  }

  private static TopicPartition topicPartition(String key) {
    int slash = key.lastIndexOf('/');
    return new TopicPartition(key.substring(0, slash), Integer.parseInt(key.substring(slash + 1)));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    io.shutdown();
    // A drain closes this from its last task on the io thread: that thread cannot wait for itself.
    if (Thread.currentThread() != ioThread) {
      try {
        io.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    producer.close(Duration.ofSeconds(5));
    consumer.close(Duration.ofSeconds(5));
  }
}
