package io.streamlearn.streams.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.broker.EmbeddedKafka;
import io.streamlearn.streams.PipelineMetrics;
import io.streamlearn.streams.TestNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.kafka.ConsumerSettings;
import org.apache.pekko.kafka.Subscriptions;
import org.apache.pekko.kafka.javadsl.Consumer;
import org.apache.pekko.kafka.javadsl.Transactional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pipelines' exactly-once sink on a real broker: outputs and consumed offsets commit together;
 * a commit with group metadata the group does not know is refused, and so is one from a producer
 * fenced by a successor with its transactional id, with none of their outputs visible.
 */
class TransactionalSinkIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static EmbeddedKafka kafka;
  private static KafkaClients clients;
  private static ActorSystem<Void> system;

  @BeforeAll
  static void startSystem() {
    system = TestNode.start("transactional-sink", ConfigFactory.load());
  }

  @AfterAll
  static void stopSystem() throws Exception {
    TestNode.stop(system);
  }

  // A broker per test: after the fencing test, a new idempotent producer on the same broker has
  // seen its first batch refused as out of order, retried until its timeout (noted for issue 18).
  @BeforeEach
  void startBroker() {
    kafka = EmbeddedKafka.start();
    clients = KafkaClients.of(kafka.bootstrapServers());
  }

  @AfterEach
  void stopBroker() {
    kafka.close();
  }

  @Test
  void outputsAndConsumedOffsetsCommitTogether() throws Exception {
    String name = "together";
    SinkTopics.create(clients, name);
    SinkTopics.produce(clients, name + ".in", 0, 500);
    AtomicReference<ConsumerGroupMetadata> metadata = new AtomicReference<>();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Consumer.DrainingControl<Done> control = copy(name, metadata, metadata::get, new PipelineMetrics(registry, name));

    int seen = CommittedReader.readUntil(clients, name + ".out", records -> records.size() >= 500, WAIT).size();
    assertEquals(500, seen);
    SinkTopics.awaitCommitted(clients, name, 500, WAIT);
    assertTrue(metadata.get().generationId() > 0, "the consumer told its generation: " + metadata.get());
    assertTrue(registry.get(PipelineMetrics.TRANSACTIONS).timer().count() > 0, "transactions timed");
    assertEquals(500, registry.get(PipelineMetrics.TRANSACTION_RECORDS).summary().totalAmount(), "records carried");

    control.drainAndShutdown(system.executionContext()).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(500, CommittedReader.readUntil(clients, name + ".out", records -> false, Duration.ofSeconds(2)).size(),
        "no output twice after the drain");
  }

  @Test
  void aCommitWithAMemberTheGroupDoesNotKnowIsRefused() throws Exception {
    String name = "unknown-member";
    SinkTopics.create(clients, name);
    SinkTopics.produce(clients, name + ".in", 0, 50);
    ConsumerGroupMetadata stranger = new ConsumerGroupMetadata(name, 7, "not-a-member", Optional.empty());
    Consumer.DrainingControl<Done> control = copy(name, new AtomicReference<>(), () -> stranger);

    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> control.streamCompletion().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertTrue(String.valueOf(failed.getCause()).contains("CommitFailed")
        || String.valueOf(failed.getCause()).contains("member"), "refused by the group: " + failed.getCause());
    assertEquals(0, CommittedReader.readUntil(clients, name + ".out", records -> false, Duration.ofSeconds(2)).size());
    assertEquals(0, SinkTopics.committed(clients, name));
  }

  @Test
  void aFencedSinkCommitsNothingMore() throws Exception {
    String name = "fenced";
    SinkTopics.create(clients, name);
    SinkTopics.produce(clients, name + ".in", 0, 100);
    AtomicReference<ConsumerGroupMetadata> metadata = new AtomicReference<>();
    Consumer.DrainingControl<Done> control = copy(name, metadata, metadata::get);
    SinkTopics.awaitCommitted(clients, name, 100, WAIT);

    try (KafkaProducer<byte[], byte[]> successor = clients.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, name))) {
      successor.initTransactions();
    }
    SinkTopics.produce(clients, name + ".in", 100, 100);

    assertThrows(ExecutionException.class,
        () -> control.streamCompletion().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(100, CommittedReader.readUntil(clients, name + ".out", records -> false, Duration.ofSeconds(2)).size());
    assertEquals(100, SinkTopics.committed(clients, name));
  }

  /** A transactional copy of {@code <name>.in} to {@code <name>.out}, its transactional id {@code name}. */
  private static Consumer.DrainingControl<Done> copy(String name, AtomicReference<ConsumerGroupMetadata> told,
      Supplier<ConsumerGroupMetadata> sent) {
    return copy(name, told, sent, new PipelineMetrics(new SimpleMeterRegistry(), name));
  }

  private static Consumer.DrainingControl<Done> copy(String name, AtomicReference<ConsumerGroupMetadata> told,
      Supplier<ConsumerGroupMetadata> sent, PipelineMetrics metrics) {
    ConsumerSettings<byte[], byte[]> consumerSettings = KafkaPipeline.consumerSettings(system, clients, name)
        .withConsumerFactory(settings -> new PipelineConsumer(settings.getProperties(), told::set));
    return Transactional.sourceWithOffsetContext(consumerSettings, Subscriptions.topics(name + ".in"))
        .map(record -> List.of(new ProducerRecord<>(name + ".out", record.key(), record.value())))
        .asSource()
        .toMat(TransactionalSink.create(KafkaPipeline.producerSettings(system, clients), name, sent, 10_000, metrics),
            Consumer::createDrainingControl)
        .run(system);
  }
}
