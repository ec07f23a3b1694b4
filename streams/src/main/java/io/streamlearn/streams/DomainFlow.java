package io.streamlearn.streams;

import io.streamlearn.actors.EntityResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.FlowWithContext;

/**
 * The one code path of every run, live or replay: decode and validate a record, ask its entity,
 * encode what comes out. Bad records become dead-letter records and the stream goes on. The
 * context (a Kafka offset live, nothing in replay) rides along untouched, so the caller commits it
 * only after the records this flow emitted for it are written.
 *
 * <p>Order: {@code mapAsync} emits in input order, and an entity receives its events in the order
 * they were asked, so each partition's records, and each entity's outputs, keep their order while
 * different entities work in parallel.
 */
public final class DomainFlow {

  private DomainFlow() {}

  public static <E, O, C> FlowWithContext<ConsumerRecord<byte[], byte[]>, C, List<ProducerRecord<byte[], byte[]>>, C, NotUsed>
      create(Domain<E, O> domain, EntityRouter router, int parallelism, PipelineMetrics metrics) {
    return FlowWithContext.<ConsumerRecord<byte[], byte[]>, C>create()
        .mapAsync(parallelism, record -> process(domain, router, metrics, record));
  }

  private static <E, O> CompletionStage<List<ProducerRecord<byte[], byte[]>>> process(
      Domain<E, O> domain, EntityRouter router, PipelineMetrics metrics, ConsumerRecord<byte[], byte[]> record) {
    metrics.consumed(record.topic());
    Decoded<E> decoded = domain.decode(record);
    if (decoded instanceof Decoded.Invalid<E> invalid) {
      return CompletableFuture.completedFuture(deadLetter(domain, metrics, record, invalid.reason(), invalid.detail()));
    }
    Decoded.Valid<E> valid = (Decoded.Valid<E>) decoded;
    return router.ask(valid.entityId(), valid.event(), result -> {
      if (result instanceof EntityResult.Reject<?> reject) {
        return deadLetter(domain, metrics, record, reject.reason(), reject.detail());
      }
      List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
      for (Object output : ((EntityResult.Emit<?>) result).outputs()) {
        @SuppressWarnings("unchecked")
        O typed = (O) output;
        for (ProducerRecord<byte[], byte[]> produced : domain.encode(typed)) {
          metrics.produced(produced.topic());
          out.add(produced);
        }
      }
      return out;
    });
  }

  private static List<ProducerRecord<byte[], byte[]>> deadLetter(
      Domain<?, ?> domain, PipelineMetrics metrics, ConsumerRecord<byte[], byte[]> record, String reason, String detail) {
    metrics.deadLettered(reason);
    metrics.produced(domain.deadLetterTopic());
    return List.of(DeadLetters.of(domain.deadLetterTopic(), record, reason, detail));
  }
}
