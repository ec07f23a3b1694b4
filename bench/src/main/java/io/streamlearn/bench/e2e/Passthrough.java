package io.streamlearn.bench.e2e;

import io.streamlearn.streams.kafka.KafkaClients;
import io.streamlearn.streams.kafka.KafkaPipeline;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.kafka.CommitterSettings;
import org.apache.pekko.kafka.ConsumerMessage;
import org.apache.pekko.kafka.ProducerMessage;
import org.apache.pekko.kafka.Subscriptions;
import org.apache.pekko.kafka.javadsl.Producer;
import org.apache.pekko.kafka.javadsl.Transactional;

/**
 * The baseline of the pipeline benchmarks: a raw Pekko Connectors consume → produce copy of the
 * input records into one topic, with the pipeline's client settings and the same commit mode
 * (transactions on both sides, or offsets committed after the writes are acknowledged). What the
 * pipeline costs beyond it is decode, validate, entity ask, model and encode.
 */
final class Passthrough {

  private Passthrough() {}

  /**
   * Starts copying {@code inputs} to {@code output}; {@code onRecord} sees each consumed record.
   *
   * @param name consumer group and transactional id, unique per run
   */
  static org.apache.pekko.kafka.javadsl.Consumer.DrainingControl<Done> start(ActorSystem<?> system, KafkaClients kafka,
      Set<String> inputs, String output, boolean transactions, String name,
      Consumer<ConsumerRecord<byte[], byte[]>> onRecord) {
    var consumerSettings = KafkaPipeline.consumerSettings(system, kafka, name);
    var producerSettings = KafkaPipeline.producerSettings(system, kafka);
    var topics = Subscriptions.topics(inputs);
    if (transactions) {
      return Transactional.source(consumerSettings, topics)
          .map(message -> {
            onRecord.accept(message.record());
            return ProducerMessage.<byte[], byte[], ConsumerMessage.PartitionOffset>single(
                copy(message.record(), output), message.partitionOffset());
          })
          .toMat(Transactional.sink(producerSettings, name),
              org.apache.pekko.kafka.javadsl.Consumer::createDrainingControl)
          .run(system);
    }
    return org.apache.pekko.kafka.javadsl.Consumer.committableSource(consumerSettings, topics)
        .map(message -> {
          onRecord.accept(message.record());
          return ProducerMessage.<byte[], byte[], ConsumerMessage.Committable>single(copy(message.record(), output),
              message.committableOffset());
        })
        .toMat(Producer.committableSink(producerSettings, CommitterSettings.create(system)),
            org.apache.pekko.kafka.javadsl.Consumer::createDrainingControl)
        .run(system);
  }

  private static ProducerRecord<byte[], byte[]> copy(ConsumerRecord<byte[], byte[]> record, String output) {
    return new ProducerRecord<>(output, null, record.timestamp(), record.key(), record.value());
  }
}
