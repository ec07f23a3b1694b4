package io.streamlearn.streams;

import io.streamlearn.schemas.DeadLetter;
import io.streamlearn.schemas.codec.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Builds the dead-letter record of a rejected input: original bytes, where it came from, why. It
 * goes to the dead-letter partition numbered like its source partition (the topics are
 * co-partitioned), so the dead letters of each input partition keep its offset order, keyed or not.
 */
public final class DeadLetters {

  public static final SingleObjectCodec<DeadLetter> CODEC = SingleObjectCodec.of(DeadLetter.getClassSchema());

  private DeadLetters() {}

  public static ProducerRecord<byte[], byte[]> of(
      String deadLetterTopic, ConsumerRecord<byte[], byte[]> rejected, String reason, String detail) {
    DeadLetter letter = DeadLetter.newBuilder()
        .setSourceTopic(rejected.topic())
        .setSourcePartition(rejected.partition())
        .setSourceOffset(rejected.offset())
        .setSourceTimestamp(Instant.ofEpochMilli(rejected.timestamp()))
        .setKey(rejected.key() == null ? null : ByteBuffer.wrap(rejected.key()))
        .setValue(rejected.value() == null ? null : ByteBuffer.wrap(rejected.value()))
        .setReason(reason)
        .setDetail(detail)
        .build();
    return new ProducerRecord<>(deadLetterTopic, rejected.partition(), rejected.timestamp(), rejected.key(), CODEC.encode(letter));
  }
}
