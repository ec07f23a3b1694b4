package io.streamlearn.streams.kafka;

import io.streamlearn.streams.Domain;
import io.streamlearn.streams.DomainFlow;
import io.streamlearn.streams.EntityRouter;
import io.streamlearn.streams.PartitionGate;
import io.streamlearn.streams.PipelineMetrics;
import io.streamlearn.streams.Snapshots;

import io.streamlearn.actors.EntityActor;
import io.streamlearn.schemas.EntitySnapshot;
import io.streamlearn.schemas.PartitionCheckpoint;
import java.time.Duration;
import java.util.ArrayDeque;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * resumes there. The replay starts at the partition's latest {@link Checkpoints checkpoint} (every
 * entity's records before it are in its snapshot), so its length depends on the snapshot interval,
 * not on the history; from the log start when there is none, or it does not fit.
 *
 * <p>A snapshot is applied only if it fits the live log ({@link SnapshotCheck}): one whose input
 * topic ids differ from the live topics' (deleted and recreated since) or whose offsets lie beyond
 * the partition's end would make its entity skip records it never saw, so its entity is rebuilt
 * from the log instead. Snapshots written now carry the ids read here ({@link #origin()}).
 */
public final class Recovery implements PartitionGate, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Recovery.class);
  private static final int PARALLEL_RECOVERIES = 3;
  // Covers a dead previous owner: the split brain resolver's stable-after, then its removal.
  private static final Duration SHARD_MOVE_TIMEOUT = Duration.ofMinutes(2);
  private static final int REPLAY_WINDOW = 1000;

  /** What one recovery did, for logs, metrics and the chaos harness. */
  public record Report(String domain, int partition, long generation, int snapshots, long replayed, long millis,
      int rejected, boolean fromCheckpoint) {}


  private final Domain<?, ?> domain;
  private final EntityRouter router;
  private final DomainFlow flow;
  private final KafkaClients kafka;
  private final PipelineMetrics metrics;
  private final AtomicReference<Snapshots.Origin> origin;
  private final String groupId;
  private final Consumer<Report> onRecovered;
  private final Checkpoints checkpoints;
  private Admin admin;
  private final Map<Integer, CompletableFuture<Long>> partitions = new ConcurrentHashMap<>();
  private final AtomicLong generations = new AtomicLong();
  // Assignments so far: a recovery still waiting for its shard when the next one comes is
  // abandoned (that assignment recovers the partition again if it is still this node's).
  private final AtomicInteger assignments = new AtomicInteger();
  private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
  // Recovery blocks on Kafka reads: threads of its own, never the actors' dispatcher. Partitions
  // recover side by side, so one's Kafka round trips overlap another's model work.
  private final ExecutorService io = Executors.newFixedThreadPool(PARALLEL_RECOVERIES, r -> {
    Thread thread = new Thread(r, "recovery");
    thread.setDaemon(true);
    return thread;
  });

  /** @param origin shared with the parked states, which write snapshots too; set at each recovery */
  public Recovery(Domain<?, ?> domain, EntityRouter router, PipelineMetrics metrics, KafkaClients kafka, String groupId,
      AtomicReference<Snapshots.Origin> origin, Checkpoints checkpoints,
      Consumer<Report> onRecovered) {
    this.domain = domain;
    this.router = router;
    this.flow = DomainFlow.forRecovery(domain, router, metrics);
    this.kafka = kafka;
    this.metrics = metrics;
    this.origin = origin;
    this.groupId = groupId;
    this.onRecovered = onRecovered;
    this.checkpoints = checkpoints;
  }

  @Override
  public CompletionStage<Long> generation(int partition) {
    CompletableFuture<Long> known = partitions.get(partition);
    if (known != null) {
      return known;
    }
    if (!owned.contains(partition)) {
      // Recovering it here would restore entities another node now owns.
      return CompletableFuture.failedFuture(new IllegalStateException(
          "a record of " + domain.name() + " partition " + partition + " reached the pipeline after this node gave it up"));
    }
    int assignment = assignments.get();
    return partitions.computeIfAbsent(partition, p -> CompletableFuture.supplyAsync(() -> recover(p, assignment), io));
  }

  @Override
  public Snapshots.Origin origin() {
    return origin.get();
  }

  @Override
  public boolean snapshotNow(ConsumerRecord<byte[], byte[]> record, String entityId) {
    return checkpoints.lagging(record, entityId);
  }

  @Override
  public List<ProducerRecord<byte[], byte[]>> processed(Processed processed) {
    return checkpoints.after(processed);
  }

  /** Assigned partitions whose recovery has not finished. */
  public int recovering() {
    return (int) partitions.entrySet().stream().filter(e -> owned.contains(e.getKey()) && !e.getValue().isDone()).count();
  }

  /** Starts recovering newly assigned partitions now; their records wait for it. */
  public void recover(Collection<Integer> assigned) {
    assignments.incrementAndGet();
    // The recoveries of the previous assignment end here, not at its revocation: while a
    // rebalance drains the revoked partitions, their in-flight records still pass the gate.
    partitions.keySet().removeIf(p -> !owned.contains(p) || assigned.contains(p));
    owned.addAll(assigned);
    assigned.forEach(this::generation);
  }

  /** Revoked or lost partitions: if they come back, their entities are recovered again. */
  public void forget(Collection<Integer> revoked) {
    owned.removeAll(revoked);
    checkpoints.stop(revoked);
  }

  private long recover(int partition, int assignment) {
    long started = System.nanoTime();
    long generation = generations.incrementAndGet();
    synchronized (this) {
      if (admin == null) {
        admin = kafka.admin(Map.of());
      }
    }
    PartitionShards.awaitHere(router, partition, SHARD_MOVE_TIMEOUT, () -> assignments.get() != assignment);
    try (PartitionReads reads = new PartitionReads(kafka, groupId, domain, partition)) {
      SnapshotCheck.Live live = reads.live(admin);
      origin.set(new Snapshots.Origin(live.topicIds(), groupId));
      PartitionReads.Stored stored = reads.stored();
      Map<String, EntitySnapshot> snapshots = stored.snapshots();
      Map<SnapshotCheck.Verdict, Integer> unsound = new EnumMap<>(SnapshotCheck.Verdict.class);
      // Per applied entity, the next offset per input its snapshot does not include.
      Map<String, Map<String, Long>> appliedNext = new HashMap<>();
      List<CompletableFuture<?>> restored = new ArrayList<>();
      snapshots.forEach((entityId, snapshot) -> {
        SnapshotCheck.Verdict verdict = SnapshotCheck.check(snapshot.getSourceOffsets(), snapshot.getSourceTopicIds(), live);
        if (verdict != SnapshotCheck.Verdict.APPLY) {
          unsound.merge(verdict, 1, Integer::sum);
        }
        // A snapshot not applied: its entity meets the new generation without a restore and
        // starts afresh, rebuilt by the replay below from what the log holds.
        if (verdict.applied) {
          appliedNext.put(entityId, snapshot.getSourceOffsets());
          restored.add(router.<Done, Object>ask(
              replyTo -> new EntityActor.Restore(entityId, Snapshots.state(snapshot), generation, replyTo), done -> done)
              .toCompletableFuture());
        }
      });
      CompletableFuture.allOf(restored.toArray(CompletableFuture[]::new)).join();
      int rejected = reportUnsound(partition, unsound);

      Map<TopicPartition, OffsetAndMetadata> committed = reads.committed();
      Map<String, Long> starts = replayStarts(partition, stored.checkpoint(), rejected, live, committed);
      Map<String, Long> next = new HashMap<>();
      Map<String, Map<String, Long>> uncovered = new HashMap<>();
      long replayed = 0;
      for (TopicPartition input : reads.inputs()) {
        OffsetAndMetadata end = committed.get(input);
        long logStart = live.beginnings().getOrDefault(PartitionReads.key(input), 0L);
        long logEnd = live.ends().getOrDefault(PartitionReads.key(input), 0L);
        if (end != null && end.offset() > logEnd) {
          // The group's offset of an earlier log: the live stream restarts at this log's start
          // (auto.offset.reset), and every record there reaches its entity live.
          log.warn("{}: committed offset {} is beyond the log's end {}; its records are read live from the log start",
              input, end.offset(), logEnd);
          next.put(PartitionReads.key(input), logStart);
        } else if (end != null) {
          long from = Math.max(logStart, starts.getOrDefault(PartitionReads.key(input), logStart));
          replayed += replay(reads, input, from, end.offset(), generation, appliedNext,
              uncovered.computeIfAbsent(PartitionReads.key(input), k -> new HashMap<>()));
          next.put(PartitionReads.key(input), end.offset());
        } else {
          next.put(PartitionReads.key(input), logStart);
        }
      }
      checkpoints.start(partition, next, uncovered);
      Report report = new Report(domain.name(), partition, generation, snapshots.size() - rejected, replayed,
          (System.nanoTime() - started) / 1_000_000, rejected, !starts.isEmpty());
      log.info("recovered {} partition {}: {} snapshots ({} records read), {} not applied, {} records replayed from {},"
          + " {} ms", domain.name(), partition, report.snapshots(), stored.read(), report.rejected(), report.replayed(),
          report.fromCheckpoint() ? "its checkpoint" : "the log start", report.millis());
      onRecovered.accept(report);
      return generation;
    }
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

  /**
   * Where each input's replay starts: the partition's checkpoint if it fits what is restored and
   * committed; else nothing, and the replay starts at the log start.
   */
  private Map<String, Long> replayStarts(int partition, PartitionCheckpoint checkpoint, int rejected,
      SnapshotCheck.Live live, Map<TopicPartition, OffsetAndMetadata> committed) {
    if (checkpoint == null || !checkpoints.enabled()) {
      return Map.of();
    }
    Map<String, Long> committedOffsets = new HashMap<>();
    committed.forEach((tp, offset) -> {
      if (offset != null) {
        committedOffsets.put(PartitionReads.key(tp), offset.offset());
      }
    });
    String unfit = SnapshotCheck.checkpointUnfit(checkpoint, groupId, rejected, live, committedOffsets);
    if (unfit != null) {
      log.warn("{} partition {}: checkpoint not used ({}); replaying from the log start", domain.name(), partition, unfit);
      return Map.of();
    }
    return checkpoint.getOffsets();
  }

  /**
   * Replays {@code [from, end)} of an input, and notes in {@code uncovered} each entity whose
   * replayed records its snapshot does not include, with the first such offset.
   */
  private long replay(PartitionReads reads, TopicPartition input, long from, long end, long generation,
      Map<String, Map<String, Long>> appliedNext, Map<String, Long> uncovered) {
    String key = PartitionReads.key(input);
    long[] count = {0};
    // A window of asks in flight, settled oldest first: the entity ids come back in offset order.
    ArrayDeque<CompletableFuture<String>> inFlight = new ArrayDeque<>();
    ArrayDeque<Long> offsets = new ArrayDeque<>();
    Runnable settleOldest = () -> {
      String entity = inFlight.removeFirst().join();
      long offset = offsets.removeFirst();
      if (entity != null && appliedNext.getOrDefault(entity, Map.of()).getOrDefault(key, Long.MIN_VALUE) <= offset) {
        uncovered.putIfAbsent(entity, offset);
      }
    };
    reads.read(input, from, end, record -> {
      inFlight.addLast(flow.replay(record, generation).toCompletableFuture());
      offsets.addLast(record.offset());
      count[0]++;
      if (inFlight.size() >= REPLAY_WINDOW) {
        settleOldest.run();
      }
    });
    while (!inFlight.isEmpty()) {
      settleOldest.run();
    }
    return count[0];
  }

  @Override
  public synchronized void close() {
    io.shutdownNow();
    if (admin != null) {
      admin.close(Duration.ZERO);
    }
  }
}
