package io.streamlearn.lab.backtest;

import com.typesafe.config.Config;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.ops.DomainCatalog;
import io.streamlearn.ops.Node;
import io.streamlearn.ops.cli.Progress;
import io.streamlearn.schemas.DeadLetter;
import io.streamlearn.streams.DeadLetters;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.PipelineMetrics;
import io.streamlearn.streams.PipelineSettings;
import io.streamlearn.streams.replay.Replay;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Records through a domain exactly as live (decode → entity → model → encode, {@link Replay}), in a
 * fresh offline node per configuration, as fast as it goes, with a progress bar over the input
 * records and their event time.
 */
final class PipelineReplay {

  /** What one configuration made of the records. */
  record Outputs(String label, List<ProducerRecord<byte[], byte[]>> records, long inputs, double seconds) {

    List<ProducerRecord<byte[], byte[]>> topic(String topic) {
      return records.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    /** Dead letters by reason (decode, validation, late, entity-error): counted, never dropped silently. */
    Map<String, Long> deadLetters(String dlqTopic) {
      Map<String, Long> reasons = new TreeMap<>();
      for (ProducerRecord<byte[], byte[]> r : topic(dlqTopic)) {
        DeadLetter letter = DeadLetters.CODEC.decode(r.value());
        reasons.merge(letter.getReason(), 1L, Long::sum);
      }
      return reasons;
    }
  }

  private PipelineReplay() {}

  static Outputs run(Config config, String domainName, List<ConsumerRecord<byte[], byte[]>> inputs, String label)
      throws Exception {
    Domain<?, ?> domain = DomainCatalog.create(domainName, config);
    PipelineSettings settings = PipelineSettings.fromConfig(config.getConfig("streamlearn.pipeline"));
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (Node node = Node.offline(config); Progress progress = Progress.start("backtest " + label, inputs.size(), "records")) {
      long[] done = {0};
      long start = System.nanoTime();
      Source<ConsumerRecord<byte[], byte[]>, org.apache.pekko.NotUsed> source = Source.from(inputs).map(r -> {
        if (++done[0] % 256 == 0) {
          progress.stepTo(done[0]);
          progress.extra("event time " + Instant.ofEpochMilli(r.timestamp()));
        }
        return r;
      });
      Replay.outputs(node.actorSystem(), domain, source, settings, new PipelineMetrics(new SimpleMeterRegistry(), domain.name()))
          .runForeach(out::add, node.actorSystem()).toCompletableFuture().get(6, TimeUnit.HOURS);
      progress.stepTo(inputs.size());
      return new Outputs(label, out, inputs.size(), (System.nanoTime() - start) / 1e9);
    }
  }
}
