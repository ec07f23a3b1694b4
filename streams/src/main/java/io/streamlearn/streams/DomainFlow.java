package io.streamlearn.streams;

import io.streamlearn.actors.EntityActor;
import io.streamlearn.actors.EntityResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.FlowWithContext;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The one code path of every run, live or replay: decode and validate a record, ask its entity,
 * encode what comes out (outputs, dead letters, snapshots). Bad records become dead-letter records
 * and the stream goes on. The context (a Kafka offset live, nothing in replay) rides along
 * untouched, so the caller commits it only with the records this flow emitted for it.
 *
 * <p>Order: {@code mapAsync} emits in input order, and an entity receives its events in the order
 * they were asked, so each partition's records, and each entity's outputs, keep their order while
 * different entities work in parallel.
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

  public static <C> FlowWithContext<ConsumerRecord<byte[], byte[]>, C, List<ProducerRecord<byte[], byte[]>>, C, NotUsed>
      create(Domain<?, ?> domain, EntityRouter router, int parallelism, PipelineMetrics metrics, PartitionGate gate) {
    DomainFlow flow = new DomainFlow(domain, router, metrics, gate);
    // Two stages: the gate's futures complete together (and run their callbacks in reverse), so
    // asking from them would reorder a partition's records; mapAsync emits in input order, and
    // the second stage asks in that order. The last stage sees the records in offset order.
    return FlowWithContext.<ConsumerRecord<byte[], byte[]>, C>create()
        .mapAsync(parallelism, record -> gate.generation(record.partition()).thenApply(g -> new Gated(record, g)))
        .mapAsync(parallelism, gated -> flow.process(gated.record(), gated.generation()))
        .map(gate::processed);
  }

  private record Gated(ConsumerRecord<byte[], byte[]> record, long generation) {}

  /**
   * Processes a record whose outputs were already committed (a recovery): the entity learns,
   * nothing is emitted. Completes with the record's entity id, or null if it has none (not decodable).
   */
  public CompletionStage<String> replay(ConsumerRecord<byte[], byte[]> record, long generation) {
    Decoded<Object> decoded = domain.decode(record);
    if (!(decoded instanceof Decoded.Valid<Object> valid)) {
      return CompletableFuture.completedFuture(null);
    }
    return router.<EntityActor.Reply, String>ask(replyTo -> process(valid, record, generation, false, replyTo),
        reply -> valid.entityId());
  }

  /** The flow a recovery replays committed records through ({@link #replay}). */
  public static DomainFlow forRecovery(Domain<?, ?> domain, EntityRouter router, PipelineMetrics metrics) {
    return new DomainFlow(domain, router, metrics, PartitionGate.OPEN);
  }

  private CompletionStage<PartitionGate.Processed> process(ConsumerRecord<byte[], byte[]> record, long generation) {
    metrics.consumed(record.topic());
    long started = System.nanoTime();
    Decoded<Object> decoded = domain.decode(record);
    if (decoded instanceof Decoded.Invalid<Object> invalid) {
      List<ProducerRecord<byte[], byte[]>> dead = deadLetter(record, invalid.reason(), invalid.detail());
      metrics.processed(System.nanoTime() - started);
      return CompletableFuture.completedFuture(new PartitionGate.Processed(record, null, null, dead));
    }
    Decoded.Valid<Object> valid = (Decoded.Valid<Object>) decoded;
    return router.ask(replyTo -> process(valid, record, generation, true, replyTo), (EntityActor.Reply reply) -> {
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
        out.add(Snapshots.record(domain, valid.entityId(), record.partition(), reply.snapshot(), gate.origin()));
        metrics.produced(domain.snapshotTopic());
      }
      metrics.processed(System.nanoTime() - started);
      return new PartitionGate.Processed(record, valid.entityId(), reply.snapshot(), out);
    });
  }

  private EntityActor.Command process(Decoded.Valid<Object> valid, ConsumerRecord<byte[], byte[]> record,
      long generation, boolean live, ActorRef<EntityActor.Reply> replyTo) {
    return new EntityActor.Process(valid.entityId(), valid.event(), valid.eventTimeMillis(),
        new EntityActor.Source(record.topic(), record.partition(), record.offset()), generation,
        live && gate.snapshotNow(record, valid.entityId()), replyTo);
  }

  private List<ProducerRecord<byte[], byte[]>> deadLetter(ConsumerRecord<byte[], byte[]> record, String reason, String detail) {
    metrics.deadLettered(reason);
    metrics.produced(domain.deadLetterTopic());
    return List.of(DeadLetters.of(domain.deadLetterTopic(), record, reason, detail));
  }
}
