package io.streamlearn.schemas.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlearn.schemas.AdDecision;
import io.streamlearn.schemas.AdImpression;
import io.streamlearn.schemas.AdOutcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class SingleObjectCodecTest {

  private final SingleObjectCodec<AdImpression> impressions = SingleObjectCodec.of(AdImpression.getClassSchema());

  private static AdImpression impression() {
    return AdImpression.newBuilder()
        .setCampaignId("c-1")
        .setEventTime(Instant.ofEpochMilli(1_700_000_000_123L))
        .setSpend(List.of(1.5, 0.0, 2.25))
        .setImpressions(List.of(10L, 0L, 7L))
        .build();
  }

  @Test
  void roundTripKeepsEveryField() {
    AdImpression original = impression();
    assertEquals(original, impressions.decode(impressions.encode(original)));
  }

  @Test
  void wireFormatIsTheSpecsSingleObjectEncoding() {
    byte[] bytes = impressions.encode(impression());
    assertEquals((byte) 0xC3, bytes[0]);
    assertEquals((byte) 0x01, bytes[1]);
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(SchemaNormalization.parsingFingerprint64(AdImpression.getClassSchema()), fingerprint);
  }

  @Test
  void genericWriterWithOnlyTheSchemaProducesBytesWeDecode() throws IOException {
    // What a client in another language does: the .avsc, the spec's header, a plain binary datum.
    Schema schema = AdImpression.getClassSchema();
    GenericRecord record = new GenericData.Record(schema);
    record.put("campaign_id", "c-9");
    record.put("event_time", 42L);
    record.put("spend", Arrays.asList(1.0, 2.0));
    record.put("impressions", Arrays.asList(3L, 4L));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0xC3, 0x01});
    out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
        .putLong(SchemaNormalization.parsingFingerprint64(schema)).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();

    AdImpression decoded = impressions.decode(out.toByteArray());
    assertEquals("c-9", decoded.getCampaignId());
    assertEquals(List.of(1.0, 2.0), decoded.getSpend());
  }

  @Test
  void olderVersionDecodesIntoCurrentClassThroughAliasAndDefault() throws IOException {
    Schema v1;
    try (InputStream in = getClass().getResourceAsStream("/evolution/AdOutcome-v1.avsc")) {
      v1 = new Schema.Parser().parse(in);
    }
    GenericRecord old = new GenericData.Record(v1);
    old.put("campaign", "legacy-campaign");
    old.put("event_time", 1_000L);
    old.put("conversions", 17L);
    byte[] bytes = new org.apache.avro.message.BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1)
        .encode(old).array();

    SingleObjectCodec<AdOutcome> current = SingleObjectCodec.of(AdOutcome.getClassSchema());
    assertThrows(SingleObjectCodec.DecodeException.class, () -> current.decode(bytes),
        "an unregistered writer schema is an unknown fingerprint");

    AdOutcome decoded = current.addWriterSchema(v1).decode(bytes);
    assertEquals("legacy-campaign", decoded.getCampaignId(), "renamed fields resolved through their aliases");
    assertEquals(17L, decoded.getConversionCount());
    assertEquals(0.0, decoded.getConversionValue(), "added field takes its default");
  }

  @Test
  void aDecisionWrittenBeforePropensitiesWereLoggedDecodesWithNoPropensity() throws IOException {
    Schema v1;
    try (InputStream in = getClass().getResourceAsStream("/evolution/AdDecision-v1.avsc")) {
      v1 = new Schema.Parser().parse(in);
    }
    GenericRecord old = new GenericData.Record(v1);
    old.put("campaign_id", "c-1");
    old.put("round", 3L);
    old.put("round_start", 1_000L);
    old.put("round_end", 2_000L);
    old.put("policy", "DynLin-UCB");
    old.put("allocation", List.of(100.0, 50.0, 0.0));
    old.put("bid_multipliers", List.of(2.0, 1.0, 0.0));
    old.put("block", 1L);
    old.put("new_action", true);
    old.put("expected_reward", 1.5);
    old.put("confidence_width", 0.5);
    old.put("closed_round", 2L);
    old.put("closed_round_conversions", 12L);
    byte[] bytes = new org.apache.avro.message.BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1)
        .encode(old).array();
    SingleObjectCodec<AdDecision> current = SingleObjectCodec.of(AdDecision.getClassSchema());
    AdDecision decoded = current.addWriterSchema(v1).decode(bytes);
    assertEquals(12L, decoded.getClosedRoundConversions());
    assertEquals(null, decoded.getPropensity(), "not logged then: no propensity, rather than a made-up 1.0");
  }

  @Test
  void malformedInputIsADecodeExceptionWithAReason() {
    byte[] good = impressions.encode(impression());
    byte[] truncated = Arrays.copyOf(good, good.length - 5);
    byte[] wrongFingerprint = good.clone();
    wrongFingerprint[5] ^= 0x5A;
    byte[] notAvro = "hello".getBytes();
    SingleObjectCodec<AdDecision> decisions = SingleObjectCodec.of(AdDecision.getClassSchema());

    assertTrue(message(() -> impressions.decode(truncated)).startsWith("malformed"));
    assertTrue(message(() -> impressions.decode(wrongFingerprint)).startsWith("unknown schema fingerprint"));
    assertTrue(message(() -> impressions.decode(notAvro)).startsWith("not Avro"));
    assertTrue(message(() -> impressions.decode(null)).contains("no value"));
    assertTrue(message(() -> decisions.decode(good)).startsWith("unknown schema fingerprint"),
        "a record of another topic's schema is rejected, not misread");
  }

  @Test
  void hugeLengthPrefixIsRejectedNotAllocated() {
    byte[] good = impressions.encode(impression());
    byte[] huge = Arrays.copyOf(good, good.length);
    // Byte 10 starts the datum: the campaign id's length as a zig-zag varint. Claim ~1 GiB.
    byte[] prefix = Arrays.copyOf(huge, 10);
    byte[] bogus = {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
    byte[] attack = new byte[prefix.length + bogus.length + 4];
    System.arraycopy(prefix, 0, attack, 0, prefix.length);
    System.arraycopy(bogus, 0, attack, prefix.length, bogus.length);
    assertTrue(message(() -> impressions.decode(attack)).startsWith("malformed"));
  }

  @Test
  void encodingIsDeterministic() {
    assertArrayEquals(impressions.encode(impression()), impressions.encode(impression()));
  }

  private static String message(Runnable decode) {
    return assertThrows(SingleObjectCodec.DecodeException.class, decode::run).getMessage();
  }
}
