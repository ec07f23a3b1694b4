package io.streamlearn.streams.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.streamlearn.broker.EmbeddedKafka;
import io.streamlearn.streams.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.kafka.CommitterSettings;
import org.apache.pekko.kafka.Subscriptions;
import org.apache.pekko.kafka.javadsl.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pipelines' at-least-once sink on a real broker: every output reaches Kafka in its key's
 * order, and an input offset is committed only once its outputs are acknowledged, also when a
 * send fails mid-stream.
 */
class AtLeastOnceSinkIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static EmbeddedKafka kafka;
  private static KafkaClients clients;
  private static ActorSystem<Void> system;

  @BeforeAll
  static void start() {
    system = TestNode.start("at-least-once-sink", ConfigFactory.load());
    kafka = EmbeddedKafka.start();
    clients = KafkaClients.of(kafka.bootstrapServers());
  }

  @AfterAll
  static void stop() throws Exception {
    TestNode.stop(system);
    kafka.close();
  }

  @Test
  void everyOutputArrivesInItsKeysOrderBeforeItsOffsetIsCommitted() throws Exception {
    String name = "in-order";
    SinkTopics.create(clients, name);
    SinkTopics.produce(clients, name + ".in", 0, 2_000);
    Consumer.DrainingControl<Done> control = copy(name, -1);

    List<ConsumerRecord<byte[], byte[]>> outputs =
        CommittedReader.readUntil(clients, name + ".out", records -> records.size() >= 2_000, WAIT);
    SinkTopics.awaitCommitted(clients, name, 2_000, WAIT);
    control.drainAndShutdown(system.executionContext()).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);

    outputs = CommittedReader.readUntil(clients, name + ".out", records -> false, Duration.ofSeconds(2));
    assertEquals(2_000, outputs.size(), "each output once (nothing failed, so nothing was sent twice)");
    Map<String, Integer> lastPerKey = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> output : outputs) {
      int value = Integer.parseInt(new String(output.value()).substring(1));
      Integer previous = lastPerKey.put(new String(output.key()), value);
      assertTrue(previous == null || previous < value, "key " + new String(output.key()) + ": " + value + " after " + previous);
    }
  }

  @Test
  void aFailedSendStopsTheStreamWithNoOffsetCommittedAheadOfItsOutputs() throws Exception {
    String name = "failed-send";
    SinkTopics.create(clients, name);
    SinkTopics.produce(clients, name + ".in", 0, 1_000);
    Consumer.DrainingControl<Done> control = copy(name, 600);

    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> control.streamCompletion().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertTrue(String.valueOf(failed.getCause()).contains("RecordTooLarge"), "the send's error: " + failed.getCause());

    Set<String> sent = new HashSet<>();
    CommittedReader.readUntil(clients, name + ".out", records -> false, Duration.ofSeconds(2))
        .forEach(output -> sent.add(new String(output.value())));
    assertTrue(!sent.contains("v600"), "the record too large was not written");
    Map<TopicPartition, Long> committed = SinkTopics.committedOffsets(clients, name);
    List<String> committedWithoutOutput = new ArrayList<>();
    long committedInputs = 0;
    for (ConsumerRecord<byte[], byte[]> input : CommittedReader.readUntil(clients, name + ".in", records -> false,
        Duration.ofSeconds(2))) {
      if (input.offset() < committed.getOrDefault(new TopicPartition(input.topic(), input.partition()), 0L)) {
        committedInputs++;
        if (!sent.contains(new String(input.value()))) {
          committedWithoutOutput.add(new String(input.value()));
        }
      }
    }
    assertEquals(List.of(), committedWithoutOutput, "inputs committed whose output is not in Kafka");
    assertTrue(committedInputs < 1_000, "the failed record's offset is not committed: " + committedInputs);
  }

  /**
   * An at-least-once copy of {@code <name>.in} to {@code <name>.out} through the sink; the record
   * of value {@code v<tooLarge>} is copied with a value beyond the producer's request size.
   */
  private static Consumer.DrainingControl<Done> copy(String name, int tooLarge) {
    byte[] huge = new byte[2 * 1024 * 1024];
    return Consumer.sourceWithOffsetContext(KafkaPipeline.consumerSettings(system, clients, name),
            Subscriptions.topics(name + ".in"))
        .map(record -> List.of(new ProducerRecord<>(name + ".out", record.key(),
            new String(record.value()).equals("v" + tooLarge) ? huge : record.value())))
        .asSource()
        .toMat(AtLeastOnceSink.create(KafkaPipeline.producerSettings(system, clients), CommitterSettings.create(system),
            name, 10_000), Consumer::createDrainingControl)
        .run(system);
  }
}
