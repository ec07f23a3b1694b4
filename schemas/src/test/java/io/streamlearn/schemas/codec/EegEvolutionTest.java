package io.streamlearn.schemas.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlearn.schemas.EegAlert;
import io.streamlearn.schemas.EegEventType;
import io.streamlearn.schemas.EegPrediction;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/**
 * The eeg outputs gained baseline errors, horizons, artifact counts and an event type: records of
 * the version before decode into today's classes with the defaults, and today's records decode with
 * the old schema as reader (an old consumer ignores the new fields).
 */
class EegEvolutionTest {

  private static Schema v1(String name) throws IOException {
    try (InputStream in = EegEvolutionTest.class.getResourceAsStream("/evolution/" + name + "-v1.avsc")) {
      return new Schema.Parser().parse(in);
    }
  }

  /** A record of the old schema, from field name, value pairs, single-object encoded. */
  private static byte[] oldRecord(Schema old, Object... fieldsAndValues) throws IOException {
    GenericRecord r = new GenericData.Record(old);
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      r.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
    }
    return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old).encode(r).array();
  }

  @Test
  void oldPredictionsReadWithDefaultsAndNewOnesByOldReaders() throws IOException {
    Schema old = v1("EegPrediction");
    byte[] bytes = oldRecord(old, "recording_id", "rec", "event_time", 1_000L, "forecast_time", 1_250L, "forecast",
        List.of(1.0f), "channel_error", List.of(0.5f), "anomaly_score", 0.25);
    SingleObjectCodec<EegPrediction> codec = SingleObjectCodec.of(EegPrediction.getClassSchema());
    EegPrediction p = codec.addWriterSchema(old).decode(bytes);
    assertEquals(0.25, p.getAnomalyScore());
    assertTrue(p.getHorizons().isEmpty() && p.getModelError().isEmpty() && p.getArtifactSamples().isEmpty());

    EegPrediction now = EegPrediction.newBuilder(p).setHorizons(List.of(1, 13))
        .setModelError(List.of(List.of(0.5f), List.of(0.9f))).setArError(List.of(List.of(0.6f), List.of(1f)))
        .setPersistenceError(List.of(List.of(0.7f), List.of(1.2f))).setArtifactSamples(List.of(2))
        .setHorizonForecasts(List.of(List.of(1f), List.of(2f))).build();
    byte[] newBytes = codec.encode(now);
    BinaryMessageDecoder<GenericRecord> oldReader = new BinaryMessageDecoder<>(GenericData.get(), old);
    oldReader.addSchema(EegPrediction.getClassSchema());
    GenericRecord seen = oldReader.decode(newBytes);
    assertEquals(0.25, seen.get("anomaly_score"));
    assertEquals(null, seen.getSchema().getField("model_error"), "an old reader has no new fields");
  }

  @Test
  void oldAlertsReadAsEpisodes() throws IOException {
    Schema old = v1("EegAlert");
    byte[] bytes = oldRecord(old, "recording_id", "rec", "start_time", 1_000L, "end_time", null, "peak_score", 4.0,
        "channels", List.of("C3"));
    SingleObjectCodec<EegAlert> codec = SingleObjectCodec.of(EegAlert.getClassSchema());
    EegAlert a = codec.addWriterSchema(old).decode(bytes);
    assertEquals(EegEventType.episode, a.getEventType());

    EegAlert artifact = EegAlert.newBuilder(a).setEndTime(Instant.ofEpochMilli(1_100L))
        .setEventType(EegEventType.artifact).build();
    BinaryMessageDecoder<GenericRecord> oldReader = new BinaryMessageDecoder<>(GenericData.get(), old);
    oldReader.addSchema(EegAlert.getClassSchema());
    assertEquals(4.0, oldReader.decode(codec.encode(artifact))
        .get("peak_score"));
  }
}
