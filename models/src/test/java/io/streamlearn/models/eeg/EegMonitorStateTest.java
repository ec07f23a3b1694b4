package io.streamlearn.models.eeg;

import io.streamlearn.models.StateIO;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlearn.models.Rng;
import io.streamlearn.models.eeg.EegMonitor.AlertEvent;
import io.streamlearn.models.eeg.EegMonitor.BlockResult;
import io.streamlearn.models.eeg.EegMonitor.Config;
import io.streamlearn.models.eeg.EegMonitor.Kind;
import io.streamlearn.models.eeg.EegMonitor.ReservoirKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A monitor's snapshot is what a recording's actor restores after a restart (RecordingLogic, state
 * version 2): a restored monitor must continue bit for bit, and the layout must stay the one older
 * snapshots were written in. No pinned hash of the bytes: Math.exp and Math.log may differ in the
 * last bit between platforms.
 */
class EegMonitorStateTest {
  private static final int CHANNELS = 4;
  private static final double RATE = 256;
  private static final int BLOCK = 128;
  private static final long T0 = 1_700_000_000_000L;
  private static final int SECONDS = 100;
  private static final int EPISODE_START = 60;
  private static final int EPISODE_END = 80;

  private static Config config(ReservoirKind kind) {
    return new Config(CHANNELS, RATE, kind, 80, 30, 2, 0.9995, 10, 20, 3.0, 1.5, 2000, 1.0, 60, 30, new int[] {1, 26},
        8, 42);
  }

  /** Seeded blocks: noisy alpha-like rhythms, and a large slow rhythm on channels 0 and 1 during the episode. */
  private static List<double[][]> signal() {
    Rng rng = new Rng(7);
    double[] smooth = new double[CHANNELS];
    List<double[][]> blocks = new ArrayList<>();
    for (int b = 0; b < SECONDS * RATE / BLOCK; b++) {
      double[][] x = new double[CHANNELS][BLOCK];
      for (int k = 0; k < BLOCK; k++) {
        double t = (b * BLOCK + k) / RATE;
        boolean episode = t >= EPISODE_START && t < EPISODE_END;
        for (int c = 0; c < CHANNELS; c++) {
          smooth[c] = 0.9 * smooth[c] + rng.nextGaussian();
          double v = 10 * Math.sin(2 * Math.PI * (9 + c) * t) + 3 * smooth[c];
          if (episode && c < 2) {
            v += 80 * Math.sin(2 * Math.PI * 4 * t);
          }
          x[c][k] = v;
        }
      }
      blocks.add(x);
    }
    return blocks;
  }

  private static long start(int block) {
    return T0 + Math.round(block * BLOCK * 1000.0 / RATE);
  }

  private static byte[] snapshot(EegMonitor m) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    m.writeState(new DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  private static EegMonitor restored(Config cfg, byte[] snapshot) throws IOException {
    EegMonitor m = new EegMonitor(cfg);
    m.readState(new DataInputStream(new ByteArrayInputStream(snapshot)));
    return m;
  }

  private static void assertSame(BlockResult a, BlockResult b) {
    assertEquals(a.startMillis(), b.startMillis());
    assertEquals(a.endMillis(), b.endMillis());
    assertArrayEquals(a.forecast(), b.forecast(), 0.0);
    for (int m = 0; m < a.errors().length; m++) {
      for (int j = 0; j < a.horizons().length; j++) {
        assertArrayEquals(a.errors()[m][j], b.errors()[m][j], 0.0);
        assertArrayEquals(a.forecasts()[j], b.forecasts()[j], 0.0);
      }
    }
    assertArrayEquals(a.artifactSamples(), b.artifactSamples());
    assertEquals(Double.doubleToRawLongBits(a.score()), Double.doubleToRawLongBits(b.score()));
    assertEquals(a.events().size(), b.events().size());
    for (int i = 0; i < a.events().size(); i++) {
      AlertEvent ea = a.events().get(i);
      AlertEvent eb = b.events().get(i);
      assertEquals(ea.kind(), eb.kind());
      assertEquals(ea.startMillis(), eb.startMillis());
      assertEquals(ea.endMillis(), eb.endMillis());
      assertEquals(ea.peakScore(), eb.peakScore(), 0.0);
      assertArrayEquals(ea.channels(), eb.channels());
    }
  }

  @ParameterizedTest
  @EnumSource(ReservoirKind.class)
  void aRestoredMonitorContinuesBitForBitFromAnySnapshot(ReservoirKind kind) throws IOException {
    List<double[][]> blocks = signal();
    Config cfg = config(kind);
    EegMonitor straight = new EegMonitor(cfg);
    // before the score starts, while scoring, inside the alert, after it
    int[] cuts = {10, 100, 2 * EPISODE_START + 20, 2 * EPISODE_END + 20};
    List<EegMonitor> restoredRuns = new ArrayList<>();
    int raised = 0;
    int ended = 0;
    for (int b = 0; b < blocks.size(); b++) {
      for (int cut : cuts) {
        if (b == cut) {
          restoredRuns.add(restored(cfg, snapshot(straight)));
        }
      }
      BlockResult expected = straight.process(blocks.get(b), RATE, start(b));
      for (EegMonitor r : restoredRuns) {
        assertSame(expected, r.process(blocks.get(b), RATE, start(b)));
      }
      for (AlertEvent e : expected.events()) {
        raised += e.kind() == Kind.RAISED ? 1 : 0;
        ended += e.kind() == Kind.ENDED ? 1 : 0;
      }
    }
    assertTrue(raised >= 1 && ended >= 1, "the episode should raise and end an alert: " + raised + "/" + ended);
    byte[] last = snapshot(straight);
    for (EegMonitor r : restoredRuns) {
      assertArrayEquals(last, snapshot(r));
    }
  }

  /** Walks a snapshot taken just as an alert is raised, field by field, in the order state version 3 has. */
  @ParameterizedTest
  @EnumSource(ReservoirKind.class)
  void theSnapshotLayoutIsTheOneOlderSnapshotsHave(ReservoirKind kind) throws IOException {
    List<double[][]> blocks = signal();
    Config cfg = config(kind);
    EegMonitor m = new EegMonitor(cfg);
    BlockResult last = null;
    AlertEvent raisedEvent = null;
    int b = 0;
    while (raisedEvent == null && b < blocks.size()) {
      last = m.process(blocks.get(b), RATE, start(b));
      b++;
      for (AlertEvent e : last.events()) {
        raisedEvent = e.kind() == Kind.RAISED ? e : raisedEvent;
      }
    }
    assertTrue(raisedEvent != null, "the episode should raise an alert");
    long samples = (long) b * BLOCK;
    int d = cfg.readoutNeurons() + CHANNELS + 1;
    int[] horizons = cfg.horizons();
    int ring = horizons[horizons.length - 1] + 1;

    DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot(m)));
    assertEquals(CHANNELS, in.readInt());
    assertEquals(RATE, in.readDouble());
    assertEquals(kind.ordinal(), in.readInt());
    double[] h = new double[horizons.length];
    StateIO.readArray(in, h);
    assertEquals(horizons[1], h[1]);
    // any reservoir of the monitor's dimensions reads the section (the ESN's in-degree is the monitor's 13)
    Reservoir reservoir = kind == ReservoirKind.ADAPTIVE_EI
        ? new EiReservoir(EegMonitor.reservoirConfig(cfg.reservoirSize(), CHANNELS, 0))
        : new EchoStateNetwork(new EchoStateNetwork.Config(cfg.reservoirSize(), CHANNELS, 13, 0.9, 0.5, 0, 0.5, 0));
    reservoir.readState(in);
    // the reservoir's readout: P, weights per horizon, the ring of features and gains, error scales
    walkDelayedRls(in, d, CHANNELS, horizons.length, ring, (samples + 1) / cfg.learnEvery(), samples);
    for (int c = 0; c < CHANNELS; c++) { // the AR of each channel, then its lags
      walkDelayedRls(in, cfg.arOrder(), 1, horizons.length, ring, samples, samples);
      StateIO.readArray(in, new double[cfg.arOrder()]);
    }
    double[] channelArray = new double[CHANNELS];
    double[][][][] made = new double[ring][3][horizons.length][CHANNELS]; // forecasts [ring][method][horizon]
    for (int r = 0; r < ring; r++) {
      for (int method = 0; method < 3; method++) {
        for (int j = 0; j < horizons.length; j++) {
          StateIO.readArray(in, made[r][method][j]);
        }
      }
      StateIO.readArray(in, channelArray); // the model's one-step forecast, normalised
    }
    assertArrayEquals(last.forecast(), made[(int) ((samples - 1) % ring)][0][0], 0.0);
    StateIO.readArray(in, channelArray); // windowed squared error
    assertEquals(samples, in.readLong());
    for (int r = 0; r < 2 * ring * horizons.length; r++) {
      StateIO.readArray(in, channelArray); // AR forecasts, then the readout's corrections, normalised
    }
    for (int j = 0; j < 2 * horizons.length; j++) {
      StateIO.readArray(in, channelArray); // weights of the correction, their variances
    }
    for (int c = 0; c < CHANNELS; c++) {
      in.readInt(); // imputed samples in a row
    }
    assertEquals(samples, in.readLong());
    StateIO.readArray(in, channelArray); // running mean
    StateIO.readArray(in, channelArray); // running variance
    for (int c = 0; c < CHANNELS; c++) {
      in.readLong(); // flagged samples in a row
    }
    assertEquals(samples, in.readLong());
    in.readDouble(); // baseline mean of log E
    in.readDouble(); // baseline variance of log E
    StateIO.readArray(in, channelArray); // per-channel baseline means
    StateIO.readArray(in, channelArray); // per-channel baseline variances
    assertTrue(in.readLong() >= 10); // baseline blocks
    assertEquals(2, in.readInt()); // alert state: 0 idle, 1 pending, 2 raised
    assertEquals(raisedEvent.startMillis(), in.readLong());
    assertEquals(raisedEvent.peakScore(), in.readDouble(), 0.0);
    int involved = 0;
    for (int c = 0; c < CHANNELS; c++) {
      involved += in.readBoolean() ? 1 : 0;
    }
    assertEquals(raisedEvent.channels().length, involved);
    in.readBoolean(); // an artifact event open
    in.readLong(); // its start
    in.readLong(); // end of its last sample
    in.readLong(); // quiet samples since
    in.readDouble(); // its peak deviation
    for (int c = 0; c < CHANNELS; c++) {
      in.readBoolean(); // its channels
    }
    StateIO.readArray(in, channelArray); // per-channel z of the last scored block
    assertEquals(-1, in.read(), "the snapshot should end here");
  }

  private static void walkDelayedRls(DataInputStream in, int d, int k, int horizons, int ring, long updates,
      long pushed) throws IOException {
    RlsReadout p = new RlsReadout(d, 0, 0.9995, EegMonitor.RLS_DELTA);
    p.readState(in);
    assertEquals(updates, p.updates());
    for (int j = 0; j < horizons; j++) {
      StateIO.readArray(in, new double[k * d]);
    }
    for (int r = 0; r < ring; r++) {
      StateIO.readArray(in, new double[d]);
      StateIO.readArray(in, new double[d]);
      in.readBoolean();
    }
    for (int j = 0; j < horizons; j++) {
      StateIO.readArray(in, new double[k]);
    }
    assertEquals(pushed, in.readLong());
  }
}
