package io.streamlearn.schemas.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamlearn.schemas.AdDecision;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;

/** A client with nothing but the .avsc file and the Avro specification reads ads.decisions. */
class ExternalClientTest {

  @Test
  void adsDecisionsDecodeWithOnlyTheSchemaFile() throws IOException {
    byte[] message = SingleObjectCodec.<AdDecision>of(AdDecision.getClassSchema()).encode(AdDecision.newBuilder()
        .setCampaignId("c-7").setRound(12).setRoundStart(Instant.ofEpochMilli(43_200_000L))
        .setRoundEnd(Instant.ofEpochMilli(46_800_000L)).setPolicy("DynLin-UCB")
        .setAllocation(List.of(100.0, 50.0, 0.0)).setBidMultipliers(List.of(2.0, 1.0, 0.0))
        .setBlock(5).setNewAction(true).setExpectedReward(812.5).setConfidenceWidth(40.0)
        .setClosedRound(11).setClosedRoundConversions(790).build());

    // What the client does: parse the .avsc from disk, check the spec's header, read the body.
    Schema schema = new Schema.Parser().parse(Path.of("src/main/avro/AdDecision.avsc").toFile());
    ByteBuffer buffer = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals((byte) 0xC3, buffer.get());
    assertEquals((byte) 0x01, buffer.get());
    assertEquals(SchemaNormalization.parsingFingerprint64(schema), buffer.getLong(), "writer schema fingerprint");
    GenericRecord decision = new GenericDatumReader<GenericRecord>(schema)
        .read(null, DecoderFactory.get().binaryDecoder(message, 10, message.length - 10, null));

    assertEquals("c-7", decision.get("campaign_id").toString());
    assertEquals(12L, decision.get("round"));
    assertEquals(43_200_000L, decision.get("round_start"));
    assertEquals(List.of(100.0, 50.0, 0.0), decision.get("allocation"));
    assertEquals(true, decision.get("new_action"));
    assertEquals(790L, decision.get("closed_round_conversions"));
  }
}
