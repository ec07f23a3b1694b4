package io.streamlearn.bench.e2e;

import com.typesafe.config.Config;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.bench.chaos.OutputComparison;
import io.streamlearn.ops.Node;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.PipelineMetrics;
import io.streamlearn.streams.PipelineSettings;
import io.streamlearn.streams.ads.AdsDomain;
import io.streamlearn.streams.kafka.CommittedReader;
import io.streamlearn.streams.kafka.KafkaClients;
import io.streamlearn.streams.replay.Replay;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Source;

/**
 * What a complete run must have committed, per key: for a passthrough, a copy of every input
 * record; for the pipeline and the Kafka Streams peer, the decisions of a reference replay of the
 * same input through the project's own code path ({@link Replay}, no Kafka), byte for byte and in
 * order. Decisions do not depend on how a key's two input topics interleave.
 */
final class ExpectedOutputs {

  private static final String DECISIONS = AdsDomain.DECISIONS + "|";
  private static final String COPIES = "copies|";

  private final Map<String, List<byte[]>> copies;
  private final Map<String, List<byte[]>> decisions;

  private ExpectedOutputs(Map<String, List<byte[]>> copies, Map<String, List<byte[]>> decisions) {
    this.copies = copies;
    this.decisions = decisions;
  }

  /** Reads the committed input topics of {@code ads} and replays them once. */
  static ExpectedOutputs of(Config config, KafkaClients kafka, Domain<?, ?> ads) throws Exception {
    List<ConsumerRecord<byte[], byte[]>> inputs = new ArrayList<>();
    for (String topic : ads.inputTopics()) {
      CommittedReader.readToEnd(kafka, topic, inputs::add);
    }
    Map<String, List<byte[]>> copies = new HashMap<>();
    inputs.forEach(r -> copies.computeIfAbsent(COPIES + key(r.key()), k -> new ArrayList<>()).add(r.value()));
    copies.values().forEach(ExpectedOutputs::sort);
    Map<String, List<byte[]>> decisions = new HashMap<>();
    ActorSystem<Void> system = Node.newActorSystem("bench-reference", config);
    try {
      PipelineSettings settings = PipelineSettings.fromConfig(config.getConfig("streamlearn.pipeline"));
      Replay.outputs(system, ads, Source.from(inputs), settings, new PipelineMetrics(new SimpleMeterRegistry(), ads.name()))
          .runForeach(r -> {
            if (r.topic().equals(AdsDomain.DECISIONS)) {
              decisions.computeIfAbsent(DECISIONS + key(r.key()), k -> new ArrayList<>()).add(r.value());
            } else if (!r.topic().equals(ads.snapshotTopic())) {
              throw new IllegalStateException("the reference replay wrote to " + r.topic() + ": the bench input is bad");
            }
          }, system)
          .toCompletableFuture().get(10, TimeUnit.MINUTES);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
    return new ExpectedOutputs(copies, decisions);
  }

  /** Output records a complete run commits: one per input record, or the reference's decisions. */
  long total(boolean ofDecisions) {
    return (ofDecisions ? decisions : copies).values().stream().mapToLong(List::size).sum();
  }

  int keys(boolean ofDecisions) {
    return (ofDecisions ? decisions : copies).size();
  }

  /**
   * Reads {@code topic} back with read_committed and compares it with what is expected: decisions
   * per key in order; copies per key as a multiset (a key's two input topics interleave freely).
   */
  OutputComparison.Outcome check(KafkaClients kafka, String topic, boolean ofDecisions) {
    Map<String, List<byte[]>> committed = new HashMap<>();
    String prefix = ofDecisions ? DECISIONS : COPIES;
    CommittedReader.readToEnd(kafka, topic,
        r -> committed.computeIfAbsent(prefix + key(r.key()), k -> new ArrayList<>()).add(r.value()));
    if (!ofDecisions) {
      committed.values().forEach(ExpectedOutputs::sort);
    }
    return OutputComparison.compare(ofDecisions ? decisions : copies, committed);
  }

  private static void sort(List<byte[]> values) {
    values.sort(Arrays::compare);
  }

  private static String key(byte[] key) {
    return key == null ? "<null>" : new String(key, StandardCharsets.UTF_8);
  }
}
