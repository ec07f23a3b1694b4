package io.streamlearn.streams;

import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.kafka.CommitterSettings;
import org.apache.pekko.kafka.ConsumerSettings;
import org.apache.pekko.kafka.ProducerMessage;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.kafka.Subscriptions;
import org.apache.pekko.kafka.javadsl.Consumer;
import org.apache.pekko.kafka.javadsl.Producer;

/**
 * A domain live on Kafka: consume its input topics, run {@link DomainFlow}, produce outputs and dead
 * letters, then commit the consumed offsets once those writes are acknowledged (at-least-once).
 * Configuration of the Kafka clients comes from {@code pekko.kafka.consumer} / {@code producer}
 * in application.conf; this class only adds what the runtime depends on.
 */
public final class KafkaPipeline {

  private KafkaPipeline() {}

  public static ConsumerSettings<byte[], byte[]> consumerSettings(
      ActorSystem<?> system, String bootstrap, String groupId) {
    return ConsumerSettings.create(system, new ByteArrayDeserializer(), new ByteArrayDeserializer())
        .withBootstrapServers(bootstrap)
        .withGroupId(groupId)
        .withProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
        // Reads only what producers committed, so outputs of aborted transactions are never seen.
        .withProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
  }

  public static ProducerSettings<byte[], byte[]> producerSettings(ActorSystem<?> system, String bootstrap) {
    return ProducerSettings.create(system, new ByteArraySerializer(), new ByteArraySerializer())
        .withBootstrapServers(bootstrap)
        .withProperty(ProducerConfig.ACKS_CONFIG, "all")
        .withProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
  }

  /** Starts the domain's pipeline; completes once its entities are reachable and consuming starts. */
  public static CompletionStage<Consumer.DrainingControl<org.apache.pekko.Done>> start(
      ActorSystem<?> system, Domain<?, ?> domain, String bootstrap, PipelineSettings settings, PipelineMetrics metrics) {
    ConsumerSettings<byte[], byte[]> consumerSettings =
        consumerSettings(system, bootstrap, settings.groupIdPrefix() + domain.name());
    ProducerSettings<byte[], byte[]> producerSettings = producerSettings(system, bootstrap);
    return EntityRouter.kafkaAligned(system, domain, consumerSettings, settings.askTimeout()).thenApply(router -> {
      var rebalanceListener = system.systemActorOf(
          PartitionShards.rebalanceListener(EntityRouter.typeKey(domain).name()),
          "rebalance-listener-" + domain.name(), org.apache.pekko.actor.typed.Props.empty());
      var subscription = Subscriptions.topics(new HashSet<>(domain.inputTopics()))
          .withRebalanceListener(Adapter.toClassic(rebalanceListener));
      return Consumer.sourceWithOffsetContext(consumerSettings, subscription)
          .via(DomainFlow.create(domain, router, settings.parallelism(), metrics))
          .map(KafkaPipeline::envelope)
          .toMat(
              Producer.committableSinkWithOffsetContext(producerSettings, CommitterSettings.create(system)),
              Consumer::createDrainingControl)
          .run(system);
    });
  }

  static ProducerMessage.Envelope<byte[], byte[], NotUsed> envelope(List<ProducerRecord<byte[], byte[]>> records) {
    return records.isEmpty()
        ? ProducerMessage.passThrough(NotUsed.getInstance())
        : ProducerMessage.multi(records, NotUsed.getInstance());
  }
}
