package io.streamlearn.streams;


import io.streamlearn.actors.EntityLogic;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One vertical slice (ads, eeg, chat): its topics, how its input records become entity events,
 * its entities, and how their outputs become records. The runtime ({@link DomainFlow},
 * the Kafka pipeline, replay) is the same for every domain; a new domain implements this.
 *
 * @param <E> the validated event an entity handles
 * @param <O> an entity's output
 */
public interface Domain<E, O> {

  /** Short name, prefix of the domain's topics: {@code ads}. */
  String name();

  /** Topics the domain consumes, all keyed by entity id and co-partitioned. */
  List<String> inputTopics();

  /** Topics the domain produces to, keyed by entity id. */
  List<String> outputTopics();

  /** Where records that cannot be decoded, validated or applied go, with the reason. */
  default String deadLetterTopic() {
    return name() + ".dlq";
  }

  /** Compacted topic of entity snapshots, co-partitioned with the inputs. */
  default String snapshotTopic() {
    return name() + ".snapshots";
  }

  /** Decodes and validates one input record; never throws on bad input. */
  Decoded<E> decode(ConsumerRecord<byte[], byte[]> record);

  /** Turns one entity output into the records to produce. */
  List<ProducerRecord<byte[], byte[]>> encode(O output);

  /** Creates an entity's logic on its first event. */
  EntityLogic.Factory<E, O> entities();
}
