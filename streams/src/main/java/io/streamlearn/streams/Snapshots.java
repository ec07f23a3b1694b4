package io.streamlearn.streams;

import io.streamlearn.actors.EntityState;
import io.streamlearn.schemas.EntitySnapshot;
import io.streamlearn.schemas.codec.PastSchemas;
import io.streamlearn.schemas.codec.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Entity states as records of the compacted {@code <domain>.snapshots} topic, and back. */
public final class Snapshots {

  // Snapshots written before topic ids were recorded stay in the compacted topic until their
  // entity snapshots again: they must still decode.
  public static final SingleObjectCodec<EntitySnapshot> CODEC = SingleObjectCodec.<EntitySnapshot>of(
      EntitySnapshot.getClassSchema()).addWriterSchema(PastSchemas.load("EntitySnapshot-v1"));

  /**
   * What a snapshot's offsets refer to: the Kafka topic ids of the inputs (per topic name, base64)
   * as they were when the snapshot's partition was last recovered, and the consumer group.
   */
  public record Origin(Map<String, String> topicIds, String groupId) {
    /** Replay, at-least-once: offsets bound to no topic incarnation. */
    public static final Origin NONE = new Origin(Map.of(), null);

    public Origin {
      topicIds = Map.copyOf(topicIds);
    }
  }

  private Snapshots() {}

  /** The snapshot record of an entity, in the partition its inputs come from. */
  public static ProducerRecord<byte[], byte[]> record(Domain<?, ?> domain, String entityId, int partition, EntityState state,
      Origin origin) {
    EntitySnapshot snapshot = EntitySnapshot.newBuilder()
        .setDomain(domain.name())
        .setEntityId(entityId)
        .setStateVersion(state.version())
        .setSourceOffsets(state.sourceOffsets())
        .setSourceTopicIds(origin.topicIds())
        .setGroupId(origin.groupId())
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
