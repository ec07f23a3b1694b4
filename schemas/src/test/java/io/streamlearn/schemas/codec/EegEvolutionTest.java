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

  @Test
  void oldPredictionsReadWithDefaultsAndNewOnesByOldReaders() throws IOException {
    Schema old = v1("EegPrediction");
    GenericRecord r = new GenericData.Record(old);
    r.put("recording_id", "rec");
    r.put("event_time", 1_000L);
    r.put("forecast_time", 1_250L);
    r.put("forecast", List.of(1.0f));
    r.put("channel_error", List.of(0.5f));
    r.put("anomaly_score", 0.25);
    byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old).encode(r).array();
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
    GenericRecord r = new GenericData.Record(old);
    r.put("recording_id", "rec");
    r.put("start_time", 1_000L);
    r.put("end_time", null);
    r.put("peak_score", 4.0);
    r.put("channels", List.of("C3"));
    byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old).encode(r).array();
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
