package io.streamlearn.streams.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.kafka.CommitterSettings;
import org.apache.pekko.kafka.ConsumerMessage;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.kafka.javadsl.Committer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * The at-least-once end of a pipeline: each batch of outputs sent by one plain Kafka producer on a
 * thread of its own, and the batch's consumed offsets handed to Pekko Connectors' committer once
 * every send of it is acknowledged. A crash between the two re-sends the batch on restart; nothing
 * is committed before its outputs are in Kafka.
 *
 * <p>What arrives while a batch is sent gathers into the next (up to {@code maxRecords}), so under
 * load batches grow instead of queueing, as in {@link TransactionalSink}. Written here instead of
 * Connectors' {@code committableSink}, which completes a future per record on the producer's I/O
 * thread and wakes the stream for each; the README's bench e2e has the comparison.
 */
public final class AtLeastOnceSink {

  private AtLeastOnceSink() {}

  /**
   * A sink of (outputs, consumed offset) pairs from {@code Consumer.sourceWithOffsetContext}; each
   * materialization has its own producer, closed when the stream ends.
   */
  public static Sink<Pair<List<ProducerRecord<byte[], byte[]>>, ConsumerMessage.CommittableOffset>, CompletionStage<Done>>
      create(ProducerSettings<byte[], byte[]> settings, CommitterSettings committer, String name, int maxRecords) {
    return Sink.<Pair<List<ProducerRecord<byte[], byte[]>>, ConsumerMessage.CommittableOffset>, CompletionStage<Done>>
        fromMaterializer((materializer, attributes) -> {
          ProducerThread producer = new ProducerThread(name + "-sends", settings::createKafkaProducer);
          return Flow.<Pair<List<ProducerRecord<byte[], byte[]>>, ConsumerMessage.CommittableOffset>>create()
              .batchWeighted(maxRecords, pair -> 1L + pair.first().size(), Batch::of, Batch::add)
              .mapAsync(1, batch -> producer.run(p -> {
                ProducerThread.sendAndFlush(p, batch.records);
                return ConsumerMessage.createCommittableOffsetBatch(List.copyOf(batch.offsets.values()));
              }))
              .toMat(Committer.sink(committer), Keep.right())
              .mapMaterializedValue(done -> done.whenComplete((ok, error) -> producer.close()));
        })
        .mapMaterializedValue(done -> done.thenCompose(inner -> inner));
  }

  /** The outputs and the consumed offsets of the records one batch sends. */
  private static final class Batch {
    final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    // The last offset per partition: a partition's records come in offset order.
    final Map<ConsumerMessage.GroupTopicPartition, ConsumerMessage.CommittableOffset> offsets = new HashMap<>();

    static Batch of(Pair<List<ProducerRecord<byte[], byte[]>>, ConsumerMessage.CommittableOffset> first) {
      return new Batch().add(first);
    }

    Batch add(Pair<List<ProducerRecord<byte[], byte[]>>, ConsumerMessage.CommittableOffset> next) {
      records.addAll(next.first());
      offsets.put(next.second().partitionOffset().key(), next.second());
      return this;
    }
  }
}
