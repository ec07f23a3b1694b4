package io.streamlearn.streams.eeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlearn.actors.eeg.EegEvent;
import io.streamlearn.actors.eeg.EegOutput;
import io.streamlearn.schemas.EegAlert;
import io.streamlearn.schemas.EegEventType;
import io.streamlearn.schemas.EegPrediction;
import io.streamlearn.schemas.EegSampleBlock;
import io.streamlearn.streams.Decoded;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class EegDomainTest {

  private static final EegDomain DOMAIN = new EegDomain(id -> {
    throw new AssertionError("decoding and encoding create no entity");
  });
  private static final long T0 = 1_767_225_600_000L;

  private static EegSampleBlock block(String id, double rate, List<String> labels, List<String> units, List<List<Float>> samples) {
    return new EegSampleBlock(id, Instant.ofEpochMilli(T0), rate, labels, units, samples);
  }

  private static EegSampleBlock good() {
    return block("rec", 256, List.of("Fp1", "Cz"), List.of("uV", "uV"), List.of(List.of(1f, 2f, 3f), List.of(4f, 5f, 6f)));
  }

  private static Decoded<EegEvent> decode(String key, byte[] value) {
    return DOMAIN.decode(new ConsumerRecord<>(EegDomain.SAMPLES, 0, 0L, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
  }

  private static Decoded<EegEvent> decode(EegSampleBlock block) {
    return decode(String.valueOf(block.getRecordingId()), EegDomain.SAMPLES_CODEC.encode(block));
  }

  @Test
  void aGoodBlockBecomesChannelMajorSamplesOfItsRecordingAtItsEventTime() {
    Decoded.Valid<EegEvent> valid = assertInstanceOf(Decoded.Valid.class, decode(good()));
    assertEquals("rec", valid.entityId());
    assertEquals(T0, valid.eventTimeMillis());
    EegEvent block = valid.event();
    assertEquals(List.of("Fp1", "Cz"), block.channelLabels());
    assertEquals(256.0, block.sampleRateHz());
    assertArrayEquals(new double[] {4, 5, 6}, block.samples()[1]);
  }

  @Test
  void blocksThatAreBadOnTheirOwnAreInvalidWithAReason() {
    EegSampleBlock g = good();
    List<Float> nan = new ArrayList<>(List.of(1f, Float.NaN, 3f));
    List<Float> inf = new ArrayList<>(List.of(1f, 2f, Float.NEGATIVE_INFINITY));
    Map<String, Decoded<EegEvent>> cases = Map.ofEntries(
        Map.entry("no key", decode(null, EegDomain.SAMPLES_CODEC.encode(g))),
        Map.entry("differs from recording_id", decode("other", EegDomain.SAMPLES_CODEC.encode(g))),
        Map.entry("malformed", decode("rec", Arrays.copyOf(EegDomain.SAMPLES_CODEC.encode(g), 20))),
        Map.entry("samples[0][1] (Fp1) is NaN", decode(block("rec", 256, g.getChannelLabels(), g.getUnits(), List.of(nan, g.getSamples().get(1))))),
        Map.entry("samples[1][2] (Cz) is -Infinity", decode(block("rec", 256, g.getChannelLabels(), g.getUnits(), List.of(g.getSamples().get(0), inf)))),
        Map.entry("ragged block: channel 1 (Cz) has 2 samples", decode(block("rec", 256, g.getChannelLabels(), g.getUnits(),
            List.of(List.of(1f, 2f, 3f), List.of(4f, 5f))))),
        Map.entry("empty block: no samples", decode(block("rec", 256, g.getChannelLabels(), g.getUnits(), List.of(List.of(), List.of())))),
        Map.entry("empty block: no channels", decode(block("rec", 256, List.of(), List.of(), List.of()))),
        Map.entry("2 channel labels, 2 units and 1 sample arrays", decode(block("rec", 256, g.getChannelLabels(), g.getUnits(),
            List.of(List.of(1f))))),
        Map.entry("2 channel labels, 1 units", decode(block("rec", 256, g.getChannelLabels(), List.of("uV"), g.getSamples()))),
        Map.entry("sample_rate_hz is 0.0", decode(block("rec", 0, g.getChannelLabels(), g.getUnits(), g.getSamples()))),
        Map.entry("sample_rate_hz is NaN", decode(block("rec", Double.NaN, g.getChannelLabels(), g.getUnits(), g.getSamples()))));
    cases.forEach((expected, decoded) -> {
      Decoded.Invalid<EegEvent> invalid = assertInstanceOf(Decoded.Invalid.class, decoded, expected);
      assertTrue(invalid.detail().contains(expected), expected + " in: " + invalid.detail());
      assertEquals(expected.equals("malformed") ? "decode" : "validation", invalid.reason(), expected);
    });
  }

  @Test
  void predictionsAndAlertsAreKeyedByRecordingAndTimestampedWithEventTime() {
    double[][] h1 = {{0.25, 0.5}, {1, 2}};
    ProducerRecord<byte[], byte[]> prediction = DOMAIN.encode(new EegOutput.Prediction("rec", T0, T0 + 250,
        new double[] {1.5, -2}, new double[] {0.25, 0.5}, Double.NaN, new int[] {1, 13},
        new double[][] {{1.5, -2}, {3, 4}}, new double[][][] {h1, {{0.3, 0.6}, {1, 2}}, {{0.4, 0.7}, {1, 3}}},
        new int[] {0, 2})).get(0);
    assertEquals(EegDomain.PREDICTIONS, prediction.topic());
    assertEquals("rec", new String(prediction.key(), StandardCharsets.UTF_8));
    assertEquals(T0, prediction.timestamp());
    EegPrediction p = EegDomain.PREDICTION_CODEC.decode(prediction.value());
    assertEquals(List.of(1.5f, -2f), p.getForecast());
    assertEquals(Instant.ofEpochMilli(T0 + 250), p.getForecastTime());
    assertTrue(Double.isNaN(p.getAnomalyScore()));
    assertEquals(List.of(1, 13), p.getHorizons());
    assertEquals(List.of(List.of(0.4f, 0.7f), List.of(1f, 3f)), p.getPersistenceError());
    assertEquals(List.of(0, 2), p.getArtifactSamples());

    ProducerRecord<byte[], byte[]> opened = DOMAIN.encode(new EegOutput.Alert("rec", T0, null, 4.5, List.of("Cz"), T0 + 5000, false)).get(0);
    ProducerRecord<byte[], byte[]> ended = DOMAIN.encode(new EegOutput.Alert("rec", T0, T0 + 9000L, 6, List.of("Cz"), T0 + 9250, false)).get(0);
    ProducerRecord<byte[], byte[]> blink = DOMAIN.encode(new EegOutput.Alert("rec", T0, T0 + 300L, 9, List.of("Fp1"), T0 + 500, true)).get(0);
    assertEquals(EegEventType.artifact, EegDomain.ALERT_CODEC.decode(blink.value()).getEventType());
    assertEquals(EegEventType.episode, EegDomain.ALERT_CODEC.decode(ended.value()).getEventType());
    assertEquals(EegDomain.ALERTS, opened.topic());
    assertEquals(T0 + 5000, opened.timestamp(), "an alert is timestamped when it was decided");
    EegAlert open = EegDomain.ALERT_CODEC.decode(opened.value());
    assertNull(open.getEndTime());
    assertEquals(List.of("Cz"), open.getChannels());
    assertEquals(Instant.ofEpochMilli(T0 + 9000), EegDomain.ALERT_CODEC.decode(ended.value()).getEndTime());
  }
}
