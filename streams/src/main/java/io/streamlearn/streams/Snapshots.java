package io.streamlearn.streams;

import io.streamlearn.actors.EntityState;
import io.streamlearn.schemas.EntitySnapshot;
import io.streamlearn.schemas.codec.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Entity states as records of the compacted {@code <domain>.snapshots} topic, and back. */
public final class Snapshots {

  public static final SingleObjectCodec<EntitySnapshot> CODEC = SingleObjectCodec.of(EntitySnapshot.getClassSchema());

  private Snapshots() {}

  /** The snapshot record of an entity, in the partition its inputs come from. */
  public static ProducerRecord<byte[], byte[]> record(Domain<?, ?> domain, String entityId, int partition, EntityState state) {
    EntitySnapshot snapshot = EntitySnapshot.newBuilder()
        .setDomain(domain.name())
        .setEntityId(entityId)
        .setStateVersion(state.version())
        .setSourceOffsets(state.sourceOffsets())
        .setEventTime(Instant.ofEpochMilli(state.eventTimeMillis()))
        .setRecords(state.records())
        .setState(ByteBuffer.wrap(state.state()))
        .build();
    return new ProducerRecord<>(domain.snapshotTopic(), partition, state.eventTimeMillis(),
        entityId.getBytes(StandardCharsets.UTF_8), CODEC.encode(snapshot));
  }

  public static EntityState state(EntitySnapshot snapshot) {
    ByteBuffer buffer = snapshot.getState().duplicate();
    byte[] state = new byte[buffer.remaining()];
    buffer.get(state);
    return new EntityState(snapshot.getStateVersion(), snapshot.getSourceOffsets(),
        snapshot.getEventTime().toEpochMilli(), snapshot.getRecords(), state);
  }
}
