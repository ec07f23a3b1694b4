package io.streamlearn.ops;

import io.streamlearn.streams.kafka.CommittedReader;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlearn.actors.EntityLogic;
import io.streamlearn.actors.EntityResult;
import io.streamlearn.actors.eeg.EegEvent;
import io.streamlearn.actors.eeg.EegOutput;
import io.streamlearn.actors.eeg.EegSettings;
import io.streamlearn.traffic.eeg.EegSimulationSettings;
import io.streamlearn.traffic.eeg.EegSimulator;
import io.streamlearn.traffic.eeg.EegSource;
import io.streamlearn.traffic.eeg.MalformedEeg;
import io.streamlearn.schemas.DeadLetter;
import io.streamlearn.streams.DeadLetters;
import io.streamlearn.streams.eeg.EegDomain;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The eeg domain end to end on a real embedded Kafka broker: a prediction per block, alerts, dead letters. */
class EegPipelineIT {

  private static final String RECORDING = "eeg-test-00";

  private static LiveDomain live;

  @BeforeAll
  static void startPipeline() {
    // A small reservoir and short warm-ups keep the test fast; snapshots are written along the way.
    live = LiveDomain.start("eeg", Map.of(
            "streamlearn.eeg.reservoir-size", 150,
            "streamlearn.eeg.readout-neurons", 40,
            "streamlearn.eeg.adaptation", "20s",
            "streamlearn.eeg.score-warmup", "40s",
            "streamlearn.pipeline.snapshots.every-records", 100));
  }

  @AfterAll
  static void stop() {
    if (live != null) {
      live.close();
    }
  }

  /** Eight minutes of 23 channels at 256 Hz in blocks of 0.5 s, with one injected episode. */
  private static EegSource recording() {
    EegSimulationSettings sim = new EegSimulationSettings(1, 23, 256, 500, 480, 8, 3,
        Instant.parse("2026-01-01T00:00:00Z").toEpochMilli(), 0);
    return EegSource.synthetic(sim, RECORDING, 0);
  }

  @Test
  void everyBlockIsPredictedTheEpisodeAlertedAndBadBlocksDeadLetteredWhileTheModelCarriesOn() {
    EegSource source = recording();
    assertEquals(1, source.episodes().size());
    List<MalformedEeg.Sample> bad = new ArrayList<>();
    List<RecordMetadata> badSent = new ArrayList<>();
    List<EegSimulator.RecordingResult> results;
    try (EegSimulator simulator = new EegSimulator(live.clients())) {
      long badAt = source.nextSampleMillis() + 60_000;
      simulator.stream(List.of(source), 500, 0, (s, blockStart) -> {
        if (bad.isEmpty() && blockStart >= badAt) {
          for (MalformedEeg.Sample sample : MalformedEeg.samples(s, blockStart - 500, blockStart, 128)) {
            bad.add(sample);
            badSent.add(simulator.sendRaw(sample.key(), sample.value()));
          }
        }
      });
      results = simulator.awaitOutputs(Duration.ofSeconds(60));
    }

    // A prediction per good block; the episode raised an alert that overlaps it.
    EegSimulator.RecordingResult result = results.get(0);
    assertEquals(960, result.blocks());
    assertEquals(result.blocks(), result.predictions(), "one prediction per block");
    assertEquals(1, result.quality().detected(), "alerts: " + result.alerts() + ", " + result.quality());

    // Each bad block is in eeg.dlq once, with its reason, its detail and its original bytes.
    List<ConsumerRecord<byte[], byte[]>> deadLetters = CommittedReader.readUntil(live.clients(), EegDomain.DEAD_LETTERS,
        records -> records.size() >= bad.size(), Duration.ofSeconds(60));
    Map<String, DeadLetter> bySource = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : deadLetters) {
      DeadLetter letter = DeadLetters.CODEC.decode(record.value());
      bySource.put(letter.getSourcePartition() + "/" + letter.getSourceOffset(), letter);
    }
    assertEquals(bad.size(), bySource.size());
    for (int i = 0; i < bad.size(); i++) {
      DeadLetter letter = bySource.get(badSent.get(i).partition() + "/" + badSent.get(i).offset());
      MalformedEeg.Sample sample = bad.get(i);
      assertTrue(letter != null, "bad block " + i + " (" + sample.detailContains() + ") reached eeg.dlq");
      assertEquals(sample.reason(), letter.getReason(), letter.getDetail());
      assertTrue(letter.getDetail().contains(sample.detailContains()), letter.getDetail());
      assertArrayEquals(sample.value(), bytes(letter.getValue()));
    }

    // The recording's model carried on as if the bad blocks had never come: its published
    // predictions and alerts are, byte for byte, those of the model fed the good blocks alone.
    List<ProducerRecord<byte[], byte[]>> expected = new ArrayList<>();
    EntityLogic<EegEvent, EegOutput> model = EegSettings.fromConfig(live.config.getConfig("streamlearn.eeg")).recordings()
        .create(RECORDING);
    EegDomain domain = (EegDomain) DomainCatalog.create("eeg", live.config);
    EegSource again = recording();
    while (!again.finished()) {
      long start = again.nextSampleMillis();
      EegEvent block = new EegEvent(RECORDING, start, again.sampleRateHz(), again.channelLabels(), again.units(),
          floats(again.nextBlock(128)));
      for (EegOutput output : ((EntityResult.Emit<EegOutput>) model.handle(block)).outputs()) {
        expected.addAll(domain.encode(output));
      }
    }
    for (String topic : List.of(EegDomain.PREDICTIONS, EegDomain.ALERTS)) {
      List<ProducerRecord<byte[], byte[]>> wanted = expected.stream().filter(r -> r.topic().equals(topic)).toList();
      List<ConsumerRecord<byte[], byte[]>> published = CommittedReader.readUntil(live.clients(), topic,
          records -> records.size() >= wanted.size(), Duration.ofSeconds(30)).stream()
          .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals(RECORDING))
          .sorted((a, b) -> Long.compare(a.offset(), b.offset())).toList();
      assertEquals(wanted.size(), published.size(), topic);
      for (int i = 0; i < wanted.size(); i++) {
        assertArrayEquals(wanted.get(i).value(), published.get(i).value(), topic + " record " + i);
        assertEquals(wanted.get(i).timestamp(), published.get(i).timestamp(), topic + " record " + i);
      }
    }
  }

  /** The samples as the wire carries them (floats). */
  private static double[][] floats(double[][] samples) {
    double[][] out = new double[samples.length][];
    for (int c = 0; c < samples.length; c++) {
      out[c] = new double[samples[c].length];
      for (int i = 0; i < samples[c].length; i++) {
        out[c][i] = (float) samples[c][i];
      }
    }
    return out;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
