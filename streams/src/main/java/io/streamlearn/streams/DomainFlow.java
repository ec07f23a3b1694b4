package io.streamlearn.streams;

import io.streamlearn.actors.EntityActor;
import io.streamlearn.actors.EntityResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.FlowWithContext;

/**
 * The one code path of every run, live or replay: decode and validate a record, ask its entity,
 * encode what comes out (outputs, dead letters, snapshots). Bad records become dead-letter records
 * and the stream goes on. The context (a Kafka offset live, nothing in replay) rides along
 * untouched, so the caller commits it only with the records this flow emitted for it.
 *
 * <p>Batches: while the entities are busy, arriving records gather into a batch (up to {@code
 * maxBatch}), and a batch asks each of its entities once, with that entity's records in order.
 * Under load that cuts the message hops per record (ask, shard, entity, reply, callback) by the
 * records per entity in a batch; when the stream is idle a batch is one record and nothing waits.
 *
 * <p>Order: {@code mapAsync} emits batches in input order, a batch's records come out in its
 * order, and an entity receives its records in the order they were asked, so each partition's
 * records, and each entity's outputs, keep their order while different entities work in parallel.
 */
public final class DomainFlow {

  private final Domain<Object, Object> domain;
  private final EntityRouter router;
  private final PipelineMetrics metrics;
  private final PartitionGate gate;

  @SuppressWarnings("unchecked")
  private DomainFlow(Domain<?, ?> domain, EntityRouter router, PipelineMetrics metrics, PartitionGate gate) {
    this.domain = (Domain<Object, Object>) domain;
    this.router = router;
    this.metrics = metrics;
    this.gate = gate;
  }

  /**
   * The flow over {@code parallelism} batches in flight of at most {@code maxBatch} records each.
   */
  public static <C> FlowWithContext<ConsumerRecord<byte[], byte[]>, C, List<ProducerRecord<byte[], byte[]>>, C, NotUsed>
      create(Domain<?, ?> domain, EntityRouter router, int parallelism, int maxBatch, PipelineMetrics metrics,
          PartitionGate gate) {
    DomainFlow flow = new DomainFlow(domain, router, metrics, gate);
    // Two stages: the gate's futures complete together (and run their callbacks in reverse), so
    // asking from them would reorder a partition's records; mapAsync emits in input order, and
    // the second stage asks in that order. The last stage sees the records in offset order.
    Flow<Pair<ConsumerRecord<byte[], byte[]>, C>, Pair<List<ProducerRecord<byte[], byte[]>>, C>, NotUsed> batched =
        Flow.<Pair<ConsumerRecord<byte[], byte[]>, C>>create()
            .batch(maxBatch, DomainFlow::firstOf, DomainFlow::add)
            .mapAsync(parallelism, flow::gated)
            .mapAsync(parallelism, flow::process)
            .mapConcat(processed -> flow.emitted(processed));
    return FlowWithContext.fromPairs(batched);
  }

  private static <C> List<Pair<ConsumerRecord<byte[], byte[]>, C>> firstOf(Pair<ConsumerRecord<byte[], byte[]>, C> first) {
    List<Pair<ConsumerRecord<byte[], byte[]>, C>> batch = new ArrayList<>();
    batch.add(first);
    return batch;
  }

  private static <C> List<Pair<ConsumerRecord<byte[], byte[]>, C>> add(List<Pair<ConsumerRecord<byte[], byte[]>, C>> batch,
      Pair<ConsumerRecord<byte[], byte[]>, C> next) {
    batch.add(next);
    return batch;
  }

  /** A batch whose partitions are ready, with each partition's generation. */
  private record Gated<C>(List<Pair<ConsumerRecord<byte[], byte[]>, C>> records, Map<Integer, Long> generations) {}

  /** A processed batch: what came of each record, with its context, in input order. */
  private record ProcessedBatch<C>(List<PartitionGate.Processed> processed, List<Pair<ConsumerRecord<byte[], byte[]>, C>> records) {}

  private <C> CompletionStage<Gated<C>> gated(List<Pair<ConsumerRecord<byte[], byte[]>, C>> batch) {
    Map<Integer, CompletableFuture<Long>> waits = new HashMap<>();
    for (Pair<ConsumerRecord<byte[], byte[]>, C> pair : batch) {
      waits.computeIfAbsent(pair.first().partition(), partition -> gate.generation(partition).toCompletableFuture());
    }
    return CompletableFuture.allOf(waits.values().toArray(CompletableFuture[]::new)).thenApply(ready -> {
      Map<Integer, Long> generations = new HashMap<>();
      waits.forEach((partition, generation) -> generations.put(partition, generation.join()));
      return new Gated<>(batch, generations);
    });
  }

  private record AskKey(String entityId, long generation) {}

  /** The records of one entity (and generation) in a batch, and where they sit in it. */
  private static final class EntityAsk {
    final String entityId;
    final long generation;
    final List<Integer> positions = new ArrayList<>();
    final List<EntityActor.Event> events = new ArrayList<>();

    EntityAsk(String entityId, long generation) {
      this.entityId = entityId;
      this.generation = generation;
    }
  }

  private <C> CompletionStage<ProcessedBatch<C>> process(Gated<C> gated) {
    long started = System.nanoTime();
    List<Pair<ConsumerRecord<byte[], byte[]>, C>> records = gated.records();
    PartitionGate.Processed[] processed = new PartitionGate.Processed[records.size()];
    Map<AskKey, EntityAsk> asks = new LinkedHashMap<>();
    for (int i = 0; i < records.size(); i++) {
      ConsumerRecord<byte[], byte[]> record = records.get(i).first();
      metrics.consumed(record.topic());
      Decoded<Object> decoded = domain.decode(record);
      if (decoded instanceof Decoded.Invalid<Object> invalid) {
        processed[i] = new PartitionGate.Processed(record, null, null, deadLetter(record, invalid.reason(), invalid.detail()));
        continue;
      }
      Decoded.Valid<Object> valid = (Decoded.Valid<Object>) decoded;
      long generation = gated.generations().get(record.partition());
      EntityAsk ask = asks.computeIfAbsent(new AskKey(valid.entityId(), generation),
          key -> new EntityAsk(key.entityId(), key.generation()));
      ask.positions.add(i);
      ask.events.add(new EntityActor.Event(valid.event(), valid.eventTimeMillis(), sourceOf(record),
          gate.snapshotNow(record, valid.entityId())));
    }
    List<CompletableFuture<Void>> replies = new ArrayList<>(asks.size());
    for (EntityAsk ask : asks.values()) {
      replies.add(router.<EntityActor.Replies, Void>ask(
          replyTo -> new EntityActor.Process(ask.entityId, ask.events, ask.generation, replyTo), reply -> {
            for (int j = 0; j < ask.positions.size(); j++) {
              int i = ask.positions.get(j);
              processed[i] = processed(records.get(i).first(), ask.entityId, reply.replies().get(j));
            }
            return null;
          }).toCompletableFuture());
    }
    return CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).thenApply(done -> {
      long nanos = System.nanoTime() - started;
      for (int i = 0; i < processed.length; i++) {
        metrics.processed(nanos);
      }
      return new ProcessedBatch<>(Arrays.asList(processed), records);
    });
  }

  /** The gate's view of each record, in offset order, and the records to produce for it. */
  private <C> List<Pair<List<ProducerRecord<byte[], byte[]>>, C>> emitted(ProcessedBatch<C> batch) {
    List<Pair<List<ProducerRecord<byte[], byte[]>>, C>> out = new ArrayList<>(batch.processed().size());
    for (int i = 0; i < batch.processed().size(); i++) {
      out.add(Pair.create(gate.processed(batch.processed().get(i)), batch.records().get(i).second()));
    }
    return out;
  }

  /**
   * Processes a record whose outputs were already committed (a recovery): the entity learns,
   * nothing is emitted. Completes with the record's entity id, or null if it has none (not decodable).
   */
  public CompletionStage<String> replay(ConsumerRecord<byte[], byte[]> record, long generation) {
    Decoded<Object> decoded = domain.decode(record);
    if (!(decoded instanceof Decoded.Valid<Object> valid)) {
      return CompletableFuture.completedFuture(null);
    }
    return router.<EntityActor.Replies, String>ask(replyTo -> EntityActor.Process.of(valid.entityId(), valid.event(),
        valid.eventTimeMillis(), sourceOf(record), generation, replyTo), reply -> valid.entityId());
  }

  private static EntityActor.Source sourceOf(ConsumerRecord<byte[], byte[]> record) {
    return new EntityActor.Source(record.topic(), record.partition(), record.offset());
  }

  /** The flow a recovery replays committed records through ({@link #replay}). */
  public static DomainFlow forRecovery(Domain<?, ?> domain, EntityRouter router, PipelineMetrics metrics) {
    return new DomainFlow(domain, router, metrics, PartitionGate.OPEN);
  }

  private PartitionGate.Processed processed(ConsumerRecord<byte[], byte[]> record, String entityId,
      EntityActor.Reply reply) {
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
    if (reply.result() instanceof EntityResult.Reject<?> reject) {
      out.addAll(deadLetter(record, reject.reason(), reject.detail()));
    } else {
      for (Object output : ((EntityResult.Emit<?>) reply.result()).outputs()) {
        for (ProducerRecord<byte[], byte[]> produced : domain.encode(output)) {
          metrics.produced(produced.topic());
          out.add(produced);
        }
      }
    }
    // A rejected event counts as a record too: the entity took a snapshot if one was due, and
    // dropping it would leave the entity a whole interval without one.
    if (reply.snapshot() != null) {
      out.add(Snapshots.record(domain, entityId, record.partition(), reply.snapshot(), gate.origin()));
      metrics.produced(domain.snapshotTopic());
    }
    return new PartitionGate.Processed(record, entityId, reply.snapshot(), out);
  }

  private List<ProducerRecord<byte[], byte[]>> deadLetter(ConsumerRecord<byte[], byte[]> record, String reason, String detail) {
    metrics.deadLettered(reason);
    metrics.produced(domain.deadLetterTopic());
    return List.of(DeadLetters.of(domain.deadLetterTopic(), record, reason, detail));
  }
}
