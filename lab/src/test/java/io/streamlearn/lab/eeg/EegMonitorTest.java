package io.streamlearn.lab.eeg;

import io.streamlearn.models.eeg.EegMonitor;
import io.streamlearn.traffic.eeg.SyntheticEeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EegMonitorTest {
  private static final long T0 = 1_700_000_000_000L;

  @Test
  void syntheticEegIsDeterministicAndHasItsEpisodes() {
    SyntheticEeg a = new SyntheticEeg(8, 256, 900, T0, 4, 5);
    SyntheticEeg b = new SyntheticEeg(8, 256, 900, T0, 4, 5);
    assertFalse(a.episodes().isEmpty());
    assertEquals(a.episodes().size(), b.episodes().size());
    SyntheticEeg.Episode e = a.episodes().get(0);
    assertTrue(e.startMillis() >= T0 + 300_000 && e.endMillis() > e.startMillis());
    // mean power on an episode channel: inside the episode vs the minute before it
    int ch = e.channels()[0];
    double inside = 0;
    double before = 0;
    int nIn = 0;
    int nBefore = 0;
    while (!a.finished()) {
      long t = a.nextSampleMillis();
      double[][] x = a.nextBlock(256);
      double[][] y = b.nextBlock(256);
      for (int c = 0; c < 8; c++) {
        assertArrayEquals(x[c], y[c], 0.0);
      }
      for (int k = 0; k < x[ch].length; k++) {
        long tk = t + Math.round(k * 1000.0 / 256);
        if (tk >= e.startMillis() + 10_000 && tk < e.endMillis()) {
          inside += x[ch][k] * x[ch][k];
          nIn++;
        } else if (tk >= e.startMillis() - 60_000 && tk < e.startMillis()) {
          before += x[ch][k] * x[ch][k];
          nBefore++;
        }
      }
    }
    assertTrue(inside / nIn > 2.5 * before / nBefore, "episode power " + inside / nIn + " vs " + before / nBefore);
  }

  private static EegMonitor monitor(int ch, EegMonitor.ReservoirKind kind) {
    return new EegMonitor(EegMonitor.Config.defaults(ch, 256, 3).withReservoirKind(kind).withReservoir(150, 40, 2)
        .withWarmups(20, 40));
  }

  @ParameterizedTest
  @EnumSource(EegMonitor.ReservoirKind.class)
  void snapshotRestoreGivesIdenticalOutputs(EegMonitor.ReservoirKind kind) throws IOException {
    SyntheticEeg gen = new SyntheticEeg(6, 256, 120, T0, 0, 9);
    List<double[][]> blocks = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    while (!gen.finished()) {
      times.add(gen.nextSampleMillis());
      blocks.add(gen.nextBlock(128));
    }
    EegMonitor a = monitor(6, kind);
    int half = blocks.size() / 2;
    for (int i = 0; i < half; i++) {
      a.process(blocks.get(i), 256, times.get(i));
    }
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    a.writeState(new DataOutputStream(bos));
    EegMonitor b = monitor(6, kind);
    b.readState(new DataInputStream(new ByteArrayInputStream(bos.toByteArray())));
    boolean scored = false;
    for (int i = half; i < blocks.size(); i++) {
      EegMonitor.BlockResult ra = a.process(blocks.get(i), 256, times.get(i));
      EegMonitor.BlockResult rb = b.process(blocks.get(i), 256, times.get(i));
      assertArrayEquals(ra.forecast(), rb.forecast(), 0.0);
      for (int m = 0; m < ra.errors().length; m++) {
        for (int j = 0; j < ra.horizons().length; j++) {
          assertArrayEquals(ra.errors()[m][j], rb.errors()[m][j], 0.0);
        }
      }
      assertEquals(ra.score(), rb.score(), 0.0);
      scored |= !Double.isNaN(ra.score());
    }
    assertTrue(scored, "scores should start after the warm-up");
  }

  @Test
  void forecastBeatsPersistenceAndArAndAnEpisodeRaisesTheScore() {
    SyntheticEeg gen = new SyntheticEeg(8, 256, 660, T0, 4, 21);
    SyntheticEeg.Episode ep = gen.episodes().get(0);
    EegMonitor m = new EegMonitor(EegMonitor.Config.defaults(8, 256, 4).withReservoir(200, 60, 2));
    double maxInside = Double.NEGATIVE_INFINITY;
    double[][] sse = new double[3][2]; // [method][horizon]
    while (!gen.finished()) {
      long t = gen.nextSampleMillis();
      EegMonitor.BlockResult r = m.process(gen.nextBlock(256), 256, t);
      if (!Double.isNaN(r.score()) && r.startMillis() >= ep.startMillis() && r.endMillis() <= ep.endMillis()) {
        maxInside = Math.max(maxInside, r.score());
      }
      if (r.startMillis() > T0 + 120_000 && r.endMillis() < ep.startMillis()) {
        for (int method = 0; method < 3; method++) {
          for (int j = 0; j < 2; j++) {
            for (double v : r.errors()[method][j]) {
              sse[method][j] += v * v;
            }
          }
        }
      }
    }
    for (int j = 0; j < 2; j++) {
      assertTrue(sse[0][j] < sse[2][j], "horizon " + j + ": model " + sse[0][j] + " vs persistence " + sse[2][j]);
      assertTrue(sse[0][j] < sse[1][j], "horizon " + j + ": model " + sse[0][j] + " vs AR " + sse[1][j]);
    }
    assertTrue(maxInside > 3, "score during the episode: " + maxInside);
  }

  /** Prints samples/s for 23 channels at 256 Hz with N = 500 (the default configuration); no timing assertion. */
  @Test
  void throughput() {
    SyntheticEeg gen = new SyntheticEeg(23, 256, 60, T0, 0, 1);
    List<double[][]> blocks = new ArrayList<>();
    while (!gen.finished()) {
      blocks.add(gen.nextBlock(256));
    }
    EegMonitor m = new EegMonitor(EegMonitor.Config.defaults(23, 256, 1));
    long t0 = System.nanoTime();
    long n = 0;
    for (int i = 0; i < blocks.size(); i++) {
      m.process(blocks.get(i), 256, T0 + 1000L * i);
      n += blocks.get(i)[0].length;
    }
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf("EegMonitor 23 ch x 256 Hz, N=500: %.0f samples/s (%.0fx real time)%n", n / s, n / s / 256);
    assertEquals(60 * 256, n);
  }
}
