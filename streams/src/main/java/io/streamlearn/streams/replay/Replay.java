package io.streamlearn.streams.replay;

import io.streamlearn.streams.Domain;
import io.streamlearn.streams.DomainFlow;
import io.streamlearn.streams.EntityRouter;
import io.streamlearn.streams.PartitionGate;
import io.streamlearn.streams.PipelineMetrics;
import io.streamlearn.streams.PipelineSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.kafka.javadsl.Producer;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceWithContext;

/**
 * Backtests: a recording (see {@link RecordingFile}) fed through the same {@link DomainFlow} as the
 * live pipeline, as fast as the entities go, in the recording's order. Only the source and the sink
 * differ from a live run, so a replay of a live run's input reproduces its outputs.
 */
public final class Replay {

  private Replay() {}

  public static Source<ProducerRecord<byte[], byte[]>, NotUsed> outputs(
      ActorSystem<?> system, Domain<?, ?> domain, Path recording, PipelineSettings settings, PipelineMetrics metrics) {
    return outputs(system, domain, RecordingFile.source(recording), settings, metrics);
  }

  /** The same over records from any bounded source (a recording read into memory, a topic range). */
  public static Source<ProducerRecord<byte[], byte[]>, NotUsed> outputs(ActorSystem<?> system, Domain<?, ?> domain,
      Source<ConsumerRecord<byte[], byte[]>, NotUsed> records, PipelineSettings settings, PipelineMetrics metrics) {
    return outputsWithContext(system, domain, records.asSourceWithContext(Replay::noContext), settings, metrics)
        .mapConcat(Pair::first);
  }

  /**
   * The same, each input record's outputs beside its context, in input order (a bench times each
   * output from the input that produced it).
   */
  public static <C> Source<Pair<List<ProducerRecord<byte[], byte[]>>, C>, NotUsed> outputsWithContext(
      ActorSystem<?> system, Domain<?, ?> domain, SourceWithContext<ConsumerRecord<byte[], byte[]>, C, NotUsed> records,
      PipelineSettings settings, PipelineMetrics metrics) {
    return Source.completionStage(
            EntityRouter.hashed(system, domain, settings.shards(), settings.askTimeout(), settings.snapshots()))
        .flatMapConcat(router -> records
            .filter(record -> domain.inputTopics().contains(record.topic()))
            .via(DomainFlow.<C>create(domain, router, settings.parallelism(), settings.maxBatch(), metrics, PartitionGate.OPEN))
            .asSource());
  }

  /** Replays into a file of output records; completes with the number written. */
  public static CompletionStage<Long> toFile(
      ActorSystem<?> system, Domain<?, ?> domain, Path recording, Path output, PipelineSettings settings,
      PipelineMetrics metrics) throws IOException {
    RecordingFile file = RecordingFile.create(output);
    return outputs(system, domain, recording, settings, metrics)
        .runForeach(record -> file.append(record), system)
        .thenApply(done -> {
          try {
            file.close();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return file.written();
        });
  }

  /** Replays into the domain's output topics on a broker. */
  public static CompletionStage<Done> toTopics(
      ActorSystem<?> system, Domain<?, ?> domain, Path recording, ProducerSettings<byte[], byte[]> producer,
      PipelineSettings settings, PipelineMetrics metrics) {
    return outputs(system, domain, recording, settings, metrics).runWith(Producer.plainSink(producer), system);
  }

  private static NotUsed noContext(ConsumerRecord<byte[], byte[]> record) {
    return NotUsed.getInstance();
  }
}
