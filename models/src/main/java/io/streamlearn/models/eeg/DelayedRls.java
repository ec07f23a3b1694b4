package io.streamlearn.models.eeg;

import io.streamlearn.models.StateIO;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Recursive least squares for several forecast horizons at once: the features x_t of sample t
 * forecast the sample h_j steps later, for every horizon h_j, each with its own weights W_j (k
 * outputs × d). The inverse correlation P depends on the features alone, so all horizons share one
 * P, updated when x_t arrives ({@link #push}); the target of horizon h arrives h samples later, and
 * W_j is then updated with the gain κ_t kept for it ({@link #learn}). That is exact RLS per horizon,
 * in the order of t, at the cost of one P update per sample whatever the number of horizons.
 *
 * <p>Robust: the a-priori error e of each output is clipped to ±{@code clip}·s, s its running RMS
 * (itself updated with clipped errors), so one outlier moves W by a bounded step; an output whose
 * target is an artifact is not learned from at all ({@code skip} in {@link #learn}).
 */
final class DelayedRls {
  /** Time constant, in updates, of the running error scale the clipping is relative to. */
  private static final double SCALE_UPDATES = 500;

  private final int d;
  private final int k;
  private final int[] horizons;
  private final int ring; // max horizon + 1
  private final double clip;
  private final RlsReadout p; // P and its update; its own weights stay unused (0 outputs)
  private final double[][] w; // [horizon][k·d]
  private final double[][] xs; // [ring][d]: features of the last samples
  private final double[][] kappas; // [ring][d]: their gains (when learned from)
  private final boolean[] learned; // [ring]
  private final double[][] scale; // [horizon][k]: running mean square of the clipped error
  private long pushed;

  /**
   * @param features d
   * @param outputs k
   * @param horizons samples ahead, each ≥ 1, ascending
   * @param forgetting λ of the shared P
   * @param clip errors beyond clip × running RMS are clipped (0 = no clipping)
   */
  DelayedRls(int features, int outputs, int[] horizons, double forgetting, double delta, double clip) {
    this.d = features;
    this.k = outputs;
    this.horizons = horizons.clone();
    this.ring = horizons[horizons.length - 1] + 1;
    this.clip = clip;
    this.p = new RlsReadout(features, 0, forgetting, delta);
    this.w = new double[horizons.length][k * d];
    this.xs = new double[ring][d];
    this.kappas = new double[ring][d];
    this.learned = new boolean[ring];
    this.scale = new double[horizons.length][k];
    for (double[] s : scale) {
      Arrays.fill(s, 1);
    }
  }

  int horizonCount() {
    return horizons.length;
  }

  int horizon(int j) {
    return horizons[j];
  }

  /**
   * Horizon j's targets y_t (k values) for the features pushed h_j samples ago; outputs with
   * {@code skip[o]} are left alone. Nothing happens if those features were not learned from (or do
   * not exist yet).
   */
  void learn(int j, double[] y, boolean[] skip, double[] scratch) {
    int h = horizons[j];
    if (pushed < h) {
      return;
    }
    int slot = (int) ((pushed - h) % ring);
    if (!learned[slot]) {
      return;
    }
    double[] x = xs[slot];
    double[] kappa = kappas[slot];
    double[] wj = w[j];
    double[] sc = scale[j];
    RlsReadout.multiply(wj, k, d, x, scratch);
    for (int o = 0; o < k; o++) {
      if (skip != null && skip[o]) {
        continue;
      }
      double e = y[o] - scratch[o];
      if (clip > 0) {
        double lim = clip * Math.sqrt(sc[o]);
        e = Math.max(-lim, Math.min(lim, e));
      }
      sc[o] += (e * e - sc[o]) / SCALE_UPDATES;
      int base = o * d;
      for (int i = 0; i < d; i++) {
        wj[base + i] += e * kappa[i];
      }
    }
  }

  /** Takes the features x_t of the sample just seen; P learns from them if {@code learn}. */
  void push(double[] x, boolean learn) {
    int slot = (int) (pushed % ring);
    System.arraycopy(x, 0, xs[slot], 0, d);
    learned[slot] = learn;
    if (learn) {
      p.gain(x, kappas[slot]);
    }
    pushed++;
  }

  /** Horizon j's forecast from {@code x} into {@code out} (k values). */
  void predict(int j, double[] x, double[] out) {
    RlsReadout.multiply(w[j], k, d, x, out);
  }

  void writeState(DataOutput out) throws IOException {
    p.writeState(out);
    for (double[] wj : w) {
      StateIO.writeArray(out, wj);
    }
    for (int r = 0; r < ring; r++) {
      StateIO.writeArray(out, xs[r]);
      StateIO.writeArray(out, kappas[r]);
      out.writeBoolean(learned[r]);
    }
    for (double[] s : scale) {
      StateIO.writeArray(out, s);
    }
    out.writeLong(pushed);
  }

  void readState(DataInput in) throws IOException {
    p.readState(in);
    for (double[] wj : w) {
      StateIO.readArray(in, wj);
    }
    for (int r = 0; r < ring; r++) {
      StateIO.readArray(in, xs[r]);
      StateIO.readArray(in, kappas[r]);
      learned[r] = in.readBoolean();
    }
    for (double[] s : scale) {
      StateIO.readArray(in, s);
    }
    pushed = in.readLong();
  }
}
