package io.streamlearn.bench.e2e;

import io.streamlearn.actors.SnapshotPolicy;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.kafka.KafkaClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The Kafka Streams application a user would write instead of this project: the domain's input
 * topics → {@link EntityProcessor} (with its changelogged in-memory store) → the run's output topic.
 * Exactly-once is EOS v2 with a 100 ms commit interval (the pipeline's eos-commit-interval);
 * at-least-once keeps Kafka Streams' defaults. Client settings as the pipeline's (max.poll.records
 * 2000, linger 5 ms, 256 KB batches).
 */
final class StreamsPeer implements Contender.Running {

  private final KafkaStreams streams;
  private final Path stateDir;

  private StreamsPeer(KafkaStreams streams, Path stateDir) {
    this.streams = streams;
    this.stateDir = stateDir;
  }

  static Contender.Running start(KafkaClients kafka, Domain<?, ?> domain, String output, int threads,
      boolean exactlyOnce, String applicationId, SnapshotPolicy policy) throws IOException {
    Topology topology = new Topology();
    topology.addSource("inputs", new ByteArrayDeserializer(), new ByteArrayDeserializer(),
        domain.inputTopics().toArray(String[]::new));
    topology.addProcessor("logic", () -> new EntityProcessor<>(domain, policy), "inputs");
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(EntityProcessor.STORE),
        Serdes.String(), Serdes.ByteArray()), "logic");
    topology.addSink("outputs", output, new ByteArraySerializer(), new ByteArraySerializer(), "logic");
    Path stateDir = Files.createTempDirectory("bench-kafka-streams-");
    Properties props = kafka.properties(java.util.Map.of());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
        exactlyOnce ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
    if (exactlyOnce) {
      props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    }
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 2000);
    props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
    props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 262144);
    KafkaStreams streams = new KafkaStreams(topology, props);
    streams.start();
    return new StreamsPeer(streams, stateDir);
  }

  @Override
  public boolean failed() {
    KafkaStreams.State state = streams.state();
    return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
        || state == KafkaStreams.State.NOT_RUNNING;
  }

  @Override
  public void stop() throws IOException {
    if (!streams.close(Duration.ofSeconds(60))) {
      throw new IllegalStateException("Kafka Streams did not close in 60 s");
    }
    streams.cleanUp();
    try (var files = Files.walk(stateDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
