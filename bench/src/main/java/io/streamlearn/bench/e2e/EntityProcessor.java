package io.streamlearn.bench.e2e;

import io.streamlearn.actors.EntityLogic;
import io.streamlearn.actors.EntityResult;
import io.streamlearn.actors.SnapshotPolicy;
import io.streamlearn.streams.Decoded;
import io.streamlearn.streams.Domain;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The per-entity logic of a domain inside Kafka Streams (the peer of bench e2e): the domain's own
 * decode, {@link EntityLogic} and encode, in the poll loop, no hop per record. Live entities stay
 * in memory, as the pipeline's actors do; each entity's whole state ({@link EntityLogic#writeState},
 * preceded by its version) is put into a changelogged key-value store by the pipeline's
 * {@link SnapshotPolicy}, and read back from it when an entity is first seen in this task.
 * Invalid or rejected records are counted and dropped (the bench input has none).
 */
final class EntityProcessor<E, O> implements Processor<byte[], byte[], byte[], byte[]> {

  static final String STORE = "entities";

  private final Domain<E, O> domain;
  private final SnapshotPolicy policy;
  private final Map<String, Live<E, O>> live = new HashMap<>();
  private ProcessorContext<byte[], byte[]> context;
  private KeyValueStore<String, byte[]> store;

  private static final class Live<E, O> {
    final EntityLogic<E, O> logic;
    long recordsSinceWrite;
    long eventTimeAtWrite = Long.MIN_VALUE;

    Live(EntityLogic<E, O> logic) {
      this.logic = logic;
    }
  }

  EntityProcessor(Domain<E, O> domain, SnapshotPolicy policy) {
    this.domain = domain;
    this.policy = policy;
  }

  @Override
  public void init(ProcessorContext<byte[], byte[]> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata source = context.recordMetadata().orElseThrow();
    Decoded<E> decoded = domain.decode(new ConsumerRecord<>(source.topic(), source.partition(), source.offset(),
        record.key(), record.value()));
    if (!(decoded instanceof Decoded.Valid<E> valid)) {
      return;
    }
    Live<E, O> entity = live.computeIfAbsent(valid.entityId(), this::load);
    EntityResult<O> result = entity.logic.handle(valid.event());
    if (result instanceof EntityResult.Emit<O> emit) {
      for (O output : emit.outputs()) {
        for (ProducerRecord<byte[], byte[]> out : domain.encode(output)) {
          context.forward(new Record<>(out.key(), out.value(), out.timestamp()));
        }
      }
    }
    entity.logic.afterReply();
    entity.recordsSinceWrite++;
    long eventTime = valid.eventTimeMillis();
    if (entity.eventTimeAtWrite == Long.MIN_VALUE) {
      entity.eventTimeAtWrite = eventTime;
    }
    if ((policy.everyRecords() > 0 && entity.recordsSinceWrite >= policy.everyRecords())
        || (policy.everyEventTimeMillis() > 0 && eventTime - entity.eventTimeAtWrite >= policy.everyEventTimeMillis())) {
      store.put(valid.entityId(), write(entity.logic));
      entity.recordsSinceWrite = 0;
      entity.eventTimeAtWrite = eventTime;
    }
  }

  private Live<E, O> load(String entityId) {
    EntityLogic<E, O> logic = domain.entities().create(entityId);
    byte[] state = store.get(entityId);
    if (state != null) {
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
        logic.readState(in, in.readInt());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the state of " + entityId, e);
      }
    }
    return new Live<>(logic);
  }

  private static byte[] write(EntityLogic<?, ?> logic) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(logic.stateVersion());
      logic.writeState(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
