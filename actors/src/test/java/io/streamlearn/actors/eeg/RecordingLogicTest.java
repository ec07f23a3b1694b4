package io.streamlearn.actors.eeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlearn.actors.EntityLogic;
import io.streamlearn.actors.EntityResult;
import io.streamlearn.models.eeg.EegMonitor;
import io.streamlearn.models.Rng;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RecordingLogicTest {

  private static final long T0 = 1_767_225_600_000L;
  private static final double RATE = 256;
  private static final EegSettings SETTINGS = new EegSettings(EegMonitor.ReservoirKind.ADAPTIVE_EI, 150, 40, 2,
      20, 40, 1.0, 3.0, 1.5, 8000, List.of(0.1), 8, 0.9995, 1);
  private static final EntityLogic.Factory<EegEvent, EegOutput> RECORDINGS = SETTINGS.recordings();

  private static List<String> labels(int channels) {
    return IntStream.range(0, channels).mapToObj(c -> "ch" + c).toList();
  }

  /**
   * Blocks of 0.25 s of a seeded test signal: per channel an alpha and a delta rhythm plus noise
   * (µV), and, with {@code episodes}, a burst of large 5 Hz activity and noise on the first four channels in
   * the second half of every 240 s (an episode for the alerts to find).
   */
  private static List<EegEvent> recording(int channels, double seconds, boolean episodes, long seed) {
    Rng rng = new Rng(seed);
    double[] phase = new double[channels];
    for (int c = 0; c < channels; c++) {
      phase[c] = 2 * Math.PI * rng.nextDouble();
    }
    List<EegEvent> blocks = new ArrayList<>();
    int block = 64;
    for (long first = 0; first + block <= seconds * RATE; first += block) {
      double[][] samples = new double[channels][block];
      for (int k = 0; k < block; k++) {
        double t = (first + k) / RATE;
        double burst = episodes && t % 240 >= 160 && t % 240 < 200 ? 1 : 0;
        for (int c = 0; c < channels; c++) {
          samples[c][k] = 20 * Math.sin(2 * Math.PI * 10 * t + phase[c]) + 10 * Math.sin(2 * Math.PI * 3 * t + 2 * phase[c])
              + 5 * rng.nextGaussian() + (c < 4 ? burst * (100 * Math.sin(2 * Math.PI * 5 * t) + 60 * rng.nextGaussian()) : 0);
        }
      }
      long start = T0 + Math.round(first * 1000 / RATE);
      blocks.add(new EegEvent("r", start, RATE, labels(channels), Collections.nCopies(channels, "uV"), samples));
    }
    return blocks;
  }

  private static List<EegOutput> outputs(EntityResult<EegOutput> result) {
    return assertInstanceOf(EntityResult.Emit.class, result, result.toString()).outputs();
  }

  private static void assertSame(List<EegOutput> expected, List<EegOutput> actual, String where) {
    assertEquals(expected.size(), actual.size(), where);
    for (int i = 0; i < expected.size(); i++) {
      if (expected.get(i) instanceof EegOutput.Prediction p) {
        EegOutput.Prediction q = assertInstanceOf(EegOutput.Prediction.class, actual.get(i), where);
        assertEquals(p.startMillis(), q.startMillis(), where);
        assertArrayEquals(p.forecast(), q.forecast(), 0.0, where);
        assertArrayEquals(p.channelError(), q.channelError(), 0.0, where);
        assertEquals(p.anomalyScore(), q.anomalyScore(), 0.0, where);
      } else {
        assertEquals(expected.get(i), actual.get(i), where);
      }
    }
  }

  @Test
  void aRestoredSnapshotGivesIdenticalSubsequentForecastsScoresAndAlerts() throws IOException {
    List<EegEvent> blocks = recording(6, 90, false, 9);
    EntityLogic<EegEvent, EegOutput> original = RECORDINGS.create("r");
    int half = blocks.size() / 2;
    for (int i = 0; i < half; i++) {
      original.handle(blocks.get(i));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    original.writeState(new DataOutputStream(bytes));
    EntityLogic<EegEvent, EegOutput> restored = RECORDINGS.create("r");
    restored.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), original.stateVersion());

    boolean scored = false;
    for (int i = half; i < blocks.size(); i++) {
      List<EegOutput> expected = outputs(original.handle(blocks.get(i)));
      assertSame(expected, outputs(restored.handle(blocks.get(i))), "block " + i);
      scored |= !Double.isNaN(((EegOutput.Prediction) expected.get(0)).anomalyScore());
    }
    assertTrue(scored, "the second half is past the score warm-up");
  }

  @Test
  void anEmptyRecordingRoundTripsToo() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    EntityLogic<EegEvent, EegOutput> empty = RECORDINGS.create("r");
    empty.writeState(new DataOutputStream(bytes));
    EntityLogic<EegEvent, EegOutput> restored = RECORDINGS.create("r");
    restored.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), empty.stateVersion());
    List<EegEvent> blocks = recording(4, 1, false, 3);
    assertEquals(1, outputs(restored.handle(blocks.get(0))).size());
  }

  @Test
  void aStateOfAnotherVersionIsRefusedByName() {
    IOException e = assertThrows(IOException.class, () -> RECORDINGS.create("r")
        .readState(new DataInputStream(new ByteArrayInputStream(new byte[] {1})), 1));
    assertTrue(e.getMessage().contains("version 1"), e.getMessage());
  }

  @Test
  void blocksThatDoNotContinueTheRecordingAreRejectedAndTheModelCarriesOnUnchanged() {
    List<EegEvent> blocks = recording(4, 60, false, 5);
    EntityLogic<EegEvent, EegOutput> clean = RECORDINGS.create("r");
    EntityLogic<EegEvent, EegOutput> disturbed = RECORDINGS.create("r");
    int rejected = 0;
    for (int i = 0; i < blocks.size(); i++) {
      EegEvent good = blocks.get(i);
      if (i > 0 && i % 40 == 0) {
        EegEvent previous = blocks.get(i - 1);
        List<EegEvent> bad = List.of(
            new EegEvent("r", good.startMillis(), RATE, labels(3), Collections.nCopies(3, "uV"),
                new double[][] {good.samples()[0], good.samples()[1], good.samples()[2]}),
            new EegEvent("r", good.startMillis(), RATE, List.of("ch0", "ch1", "ch3", "ch2"), good.units(), good.samples()),
            new EegEvent("r", good.startMillis(), RATE, good.channelLabels(), Collections.nCopies(4, "mV"), good.samples()),
            new EegEvent("r", good.startMillis(), 512, good.channelLabels(), good.units(), good.samples()),
            new EegEvent("r", previous.startMillis(), RATE, good.channelLabels(), good.units(), good.samples()),
            new EegEvent("r", good.startMillis() - 100, RATE, good.channelLabels(), good.units(), good.samples()));
        List<String> reasons = new ArrayList<>();
        for (EegEvent b : bad) {
          EntityResult.Reject<EegOutput> reject = assertInstanceOf(EntityResult.Reject.class, disturbed.handle(b));
          reasons.add(reject.reason() + ": " + reject.detail());
          rejected++;
        }
        assertTrue(reasons.get(0).startsWith("validation: block has 3 channels"), reasons.get(0));
        assertTrue(reasons.get(1).startsWith("validation: channel labels"), reasons.get(1));
        assertTrue(reasons.get(2).startsWith("validation: units"), reasons.get(2));
        assertTrue(reasons.get(3).startsWith("validation: sample rate 512.0 Hz"), reasons.get(3));
        assertTrue(reasons.get(4).startsWith("late: block starts at " + previous.startMillis()), reasons.get(4));
        assertTrue(reasons.get(5).startsWith("late:"), reasons.get(5));
      }
      assertSame(outputs(clean.handle(good)), outputs(disturbed.handle(good)), "block " + i);
    }
    assertTrue(rejected > 0);
  }

  @Test
  void aGapIsAcceptedAndMillisecondRoundingOfBlockTimesIsNotAnOverlap() {
    EntityLogic<EegEvent, EegOutput> logic = RECORDINGS.create("r");
    // 100 samples at 256 Hz last 390.625 ms: producers round block times to whole milliseconds.
    double[][] samples = new double[][] {new double[100]};
    for (int i = 0; i < 3; i++) {
      long start = T0 + Math.round(i * 390.625);
      outputs(logic.handle(new EegEvent("r", start, RATE, List.of("Cz"), List.of("uV"), samples)));
    }
    outputs(logic.handle(new EegEvent("r", T0 + 10_000, RATE, List.of("Cz"), List.of("uV"), samples)));
  }

  @Test
  void anEpisodeOpensAnAlertThatEndsLater() {
    List<EegEvent> blocks = recording(23, 480, true, 21);
    EntityLogic<EegEvent, EegOutput> logic = RECORDINGS.create("r");
    List<EegOutput.Alert> alerts = new ArrayList<>();
    for (EegEvent block : blocks) {
      List<EegOutput> out = outputs(logic.handle(block));
      EegOutput.Prediction prediction = assertInstanceOf(EegOutput.Prediction.class, out.get(0));
      assertEquals(block.startMillis(), prediction.startMillis());
      assertEquals(block.startMillis() + 250, prediction.forecastMillis());
      out.stream().skip(1).map(EegOutput.Alert.class::cast).filter(a -> !a.artifact()).forEach(alerts::add);
    }
    assertTrue(alerts.size() >= 2, "alerts: " + alerts);
    EegOutput.Alert opened = alerts.get(0);
    EegOutput.Alert ended = alerts.get(1);
    assertNull(opened.endMillis(), "an alert is published open first");
    assertEquals(opened.startMillis(), ended.startMillis());
    assertTrue(ended.endMillis() > opened.startMillis());
    assertTrue(opened.decidedAtMillis() >= opened.startMillis() + SETTINGS.minDurationMillis());
    assertTrue(ended.peakScore() >= SETTINGS.raiseThreshold());
    assertTrue(!ended.channels().isEmpty() && ended.channels().stream().allMatch(c -> c.startsWith("ch")), ended.toString());
  }

  @Test
  void aHugeSampleIsAnArtifactEventAndDoesNotPoisonTheForecast() {
    List<EegEvent> clean = recording(4, 60, false, 5);
    List<EegEvent> spiked = recording(4, 60, false, 5);
    int spikeBlock = 30 * (int) RATE / 64; // 30 s in
    spiked.get(spikeBlock).samples()[2][10] = 50_000;
    EntityLogic<EegEvent, EegOutput> a = RECORDINGS.create("r");
    EntityLogic<EegEvent, EegOutput> b = RECORDINGS.create("r");
    List<EegOutput.Alert> artifacts = new ArrayList<>();
    double errClean = 0;
    double errSpiked = 0;
    for (int i = 0; i < clean.size(); i++) {
      List<EegOutput> oa = outputs(a.handle(clean.get(i)));
      List<EegOutput> ob = outputs(b.handle(spiked.get(i)));
      EegOutput.Prediction pb = (EegOutput.Prediction) ob.get(0);
      if (i == spikeBlock) {
        assertEquals(1, pb.artifactSamples()[2], "the spike is marked in its block's prediction");
      }
      ob.stream().skip(1).map(EegOutput.Alert.class::cast).filter(EegOutput.Alert::artifact).forEach(artifacts::add);
      if (i > spikeBlock + 8) { // from 2 s after the spike on
        errClean += Math.pow(((EegOutput.Prediction) oa.get(0)).channelError()[2], 2);
        errSpiked += Math.pow(pb.channelError()[2], 2);
      }
    }
    assertEquals(1, artifacts.size(), "one artifact event: " + artifacts);
    assertEquals(List.of("ch2"), artifacts.get(0).channels());
    assertNotNull(artifacts.get(0).endMillis(), "an artifact is published once it is over");
    assertTrue(errSpiked < 1.05 * errClean, "forecast error after the spike " + errSpiked + " vs without " + errClean);
  }
}
