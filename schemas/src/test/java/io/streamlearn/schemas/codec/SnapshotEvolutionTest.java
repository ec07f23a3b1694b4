package io.streamlearn.schemas.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlearn.schemas.EntitySnapshot;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/**
 * Snapshots gained the topic ids of their inputs and the consumer group that wrote them. A compacted
 * snapshots topic keeps records of the version before for as long as an entity does not snapshot
 * again, so those must decode (with no ids: recovery checks only their offsets), and an old reader
 * must still read today's.
 */
class SnapshotEvolutionTest {

  private static final Schema V1 = PastSchemas.load("EntitySnapshot-v1");

  @Test
  void theNewSchemaReadsTheOldAndTheOldReadsTheNew() {
    Schema now = EntitySnapshot.getClassSchema();
    assertEquals(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE,
        SchemaCompatibility.checkReaderWriterCompatibility(now, V1).getType(), "backward");
    assertEquals(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE,
        SchemaCompatibility.checkReaderWriterCompatibility(V1, now).getType(), "forward");
  }

  @Test
  void aSnapshotOfTheVersionBeforeDecodesWithNoTopicIdsAndNoGroup() throws Exception {
    GenericRecord old = new GenericData.Record(V1);
    old.put("domain", "ads");
    old.put("entity_id", "c-1");
    old.put("state_version", 4);
    old.put("source_offsets", Map.of("ads.impressions/0", 50L));
    old.put("event_time", 1_000L);
    old.put("records", 50L);
    old.put("state", ByteBuffer.wrap(new byte[] {1, 2, 3}));
    byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), V1).encode(old).array();

    EntitySnapshot decoded = SingleObjectCodec.<EntitySnapshot>of(EntitySnapshot.getClassSchema())
        .addWriterSchema(V1).decode(bytes);
    assertEquals(Map.of("ads.impressions/0", 50L), decoded.getSourceOffsets());
    assertTrue(decoded.getSourceTopicIds().isEmpty(), "no ids recorded then");
    assertNull(decoded.getGroupId());
  }

  @Test
  void anOldReaderIgnoresTheNewFields() throws Exception {
    EntitySnapshot now = EntitySnapshot.newBuilder().setDomain("ads").setEntityId("c-1").setStateVersion(4)
        .setSourceOffsets(Map.of("ads.impressions/0", 50L)).setSourceTopicIds(Map.of("ads.impressions", "id"))
        .setGroupId("streamlearn-ads").setEventTime(Instant.ofEpochMilli(1_000L)).setRecords(50L)
        .setState(ByteBuffer.wrap(new byte[] {1})).build();
    BinaryMessageDecoder<GenericRecord> oldReader = new BinaryMessageDecoder<>(GenericData.get(), V1);
    oldReader.addSchema(EntitySnapshot.getClassSchema());
    GenericRecord seen = oldReader.decode(SingleObjectCodec.<EntitySnapshot>of(EntitySnapshot.getClassSchema()).encode(now));
    assertEquals(50L, seen.get("records"));
    assertNull(seen.getSchema().getField("source_topic_ids"), "an old reader has no new fields");
  }
}
