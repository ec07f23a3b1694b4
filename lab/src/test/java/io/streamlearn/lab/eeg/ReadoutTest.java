package io.streamlearn.lab.eeg;

import io.streamlearn.models.eeg.RlsReadout;
import io.streamlearn.models.Rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ReadoutTest {

  @Test
  void rlsRecoversAKnownLinearSystem() {
    int d = 6;
    int k = 3;
    Rng rng = new Rng(1);
    double[][] a = new double[k][d];
    for (double[] row : a) {
      for (int i = 0; i < d; i++) {
        row[i] = rng.uniform(-2, 2);
      }
    }
    RlsReadout rls = new RlsReadout(d, k, 1.0, 1e4);
    double[] x = new double[d];
    double[] y = new double[k];
    for (int t = 0; t < 400; t++) {
      for (int i = 0; i < d; i++) {
        x[i] = rng.nextGaussian();
      }
      for (int o = 0; o < k; o++) {
        double s = 0;
        for (int i = 0; i < d; i++) {
          s += a[o][i] * x[i];
        }
        y[o] = s + 1e-3 * rng.nextGaussian();
      }
      rls.update(x, y);
    }
    for (int o = 0; o < k; o++) {
      for (int i = 0; i < d; i++) {
        assertEquals(a[o][i], rls.weight(o, i), 2e-3, "W[" + o + "][" + i + "]");
      }
    }
  }

  @Test
  void rlsWithForgettingTracksAChange() {
    RlsReadout rls = new RlsReadout(2, 1, 0.98, 100);
    Rng rng = new Rng(2);
    double[] x = new double[2];
    double[] y = new double[1];
    for (int t = 0; t < 2000; t++) {
      double slope = t < 1000 ? 1.0 : -2.0;
      x[0] = rng.nextGaussian();
      x[1] = 1;
      y[0] = slope * x[0] + 0.5;
      rls.update(x, y);
    }
    assertEquals(-2.0, rls.weight(0, 0), 1e-6);
    assertEquals(0.5, rls.weight(0, 1), 1e-6);
  }

  @Test
  void rlsSnapshotRoundTrip() throws IOException {
    RlsReadout a = new RlsReadout(4, 2, 0.99, 10);
    Rng rng = new Rng(3);
    double[] x = new double[4];
    double[] y = new double[2];
    for (int t = 0; t < 50; t++) {
      for (int i = 0; i < 4; i++) {
        x[i] = rng.nextGaussian();
      }
      y[0] = x[0] - x[3];
      y[1] = rng.nextGaussian();
      a.update(x, y);
    }
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    a.writeState(new DataOutputStream(bos));
    RlsReadout b = new RlsReadout(4, 2, 0.5, 1);
    b.readState(new DataInputStream(new ByteArrayInputStream(bos.toByteArray())));
    double[] pa = new double[2];
    double[] pb = new double[2];
    for (int t = 0; t < 50; t++) {
      for (int i = 0; i < 4; i++) {
        x[i] = rng.nextGaussian();
      }
      y[0] = x[1];
      y[1] = x[2];
      a.update(x, y);
      b.update(x, y);
      a.predict(x, pa);
      b.predict(x, pb);
      assertArrayEquals(pa, pb, 0.0);
    }
  }

  /** One feature: closed form w = (Σ x̃y − n x̄ ȳ) … computed by hand from the 2×2 normal equations. */
  @Test
  void ridgeMatchesClosedForm() {
    double[][] x = {{1}, {2}, {3}, {4}};
    double[][] y = {{3}, {5}, {7.5}, {9}};
    double alpha = 0.5;
    // Normal equations with bias column not penalised: [[Σx²+α, Σx],[Σx, n]] [w, b] = [Σxy, Σy]
    double sxx = 30 + alpha;
    double sx = 10;
    double n = 4;
    double sxy = 3 + 10 + 22.5 + 36;
    double sy = 24.5;
    double det = sxx * n - sx * sx;
    double w = (sxy * n - sx * sy) / det;
    double b = (sxx * sy - sx * sxy) / det;
    RidgeReadout r = RidgeReadout.fit(x, y, alpha);
    assertEquals(w, r.weight(0, 0), 1e-10);
    assertEquals(b, r.weight(0, 1), 1e-10);
    double[] out = new double[1];
    r.predict(new double[] {5}, out);
    assertEquals(5 * w + b, out[0], 1e-10);
  }

  @Test
  void ridgeMultiOutputMatchesExactFitWithoutPenalty() {
    Rng rng = new Rng(4);
    int t = 200;
    int d = 5;
    double[][] x = new double[t][d];
    double[][] y = new double[t][2];
    for (int r = 0; r < t; r++) {
      for (int i = 0; i < d; i++) {
        x[r][i] = rng.nextGaussian();
      }
      y[r][0] = 2 * x[r][0] - x[r][4] + 0.25;
      y[r][1] = -3 * x[r][2];
    }
    RidgeReadout ro = RidgeReadout.fit(x, y, 0);
    assertEquals(2, ro.weight(0, 0), 1e-9);
    assertEquals(-1, ro.weight(0, 4), 1e-9);
    assertEquals(0.25, ro.weight(0, 5), 1e-9);
    assertEquals(-3, ro.weight(1, 2), 1e-9);
    assertEquals(0, ro.weight(1, 5), 1e-9);
  }
}
