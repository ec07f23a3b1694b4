package io.streamlearn.bench.e2e;

import io.streamlearn.actors.EntityLogic;
import io.streamlearn.streams.Decoded;
import io.streamlearn.streams.Domain;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A domain as one run sees it: the same decode, entities and encode, but outputs, dead letters
 * and snapshots (and for a paced run, inputs) on the run's own {@link RunTopics}. It also notes when the first
 * record was decoded (the run's start: the first record consumed).
 */
final class IsolatedDomain<E, O> implements Domain<E, O> {

  private final Domain<E, O> delegate;
  private final RunTopics topics;
  private final AtomicLong firstNanos;

  /** @param firstNanos set to {@link System#nanoTime()} by the first decode, if still 0 */
  IsolatedDomain(Domain<E, O> delegate, RunTopics topics, AtomicLong firstNanos) {
    this.delegate = delegate;
    this.topics = topics;
    this.firstNanos = firstNanos;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public List<String> inputTopics() {
    return delegate.inputTopics().stream().map(topics::input).toList();
  }

  @Override
  public List<String> outputTopics() {
    return List.of(topics.output());
  }

  @Override
  public String deadLetterTopic() {
    return topics.deadLetters();
  }

  @Override
  public String snapshotTopic() {
    return topics.snapshots();
  }

  @Override
  public Decoded<E> decode(ConsumerRecord<byte[], byte[]> record) {
    if (firstNanos.get() == 0) {
      firstNanos.compareAndSet(0, System.nanoTime());
    }
    if (!topics.ownInputs()) {
      return delegate.decode(record);
    }
    // The domain decodes by topic name: give it the shared topic's.
    return delegate.decode(new ConsumerRecord<>(topics.sharedInput(record.topic()), record.partition(), record.offset(),
        record.timestamp(), record.timestampType(), record.serializedKeySize(), record.serializedValueSize(),
        record.key(), record.value(), record.headers(), record.leaderEpoch()));
  }

  @Override
  public List<ProducerRecord<byte[], byte[]>> encode(O output) {
    return delegate.encode(output).stream()
        .map(r -> new ProducerRecord<>(topics.output(), r.partition(), r.timestamp(), r.key(), r.value(), r.headers()))
        .toList();
  }

  @Override
  public EntityLogic.Factory<E, O> entities() {
    return delegate.entities();
  }
}
