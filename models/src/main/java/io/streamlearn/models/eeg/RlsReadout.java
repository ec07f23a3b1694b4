package io.streamlearn.models.eeg;

import io.streamlearn.models.StateIO;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Online linear readout y = W x trained by recursive least squares with forgetting factor λ; all
 * outputs share one inverse-correlation matrix P (d × d), so an update costs O(d² + k·d) whatever the
 * number of outputs k. Plain arrays with preallocated scratch: called once per sample, where ND4J's
 * fixed per-op cost would dominate. BLAS only pays off for readouts several times larger than the
 * live one ({@link EegMonitor}: readout neurons + channels + 1 features); {@code bench reservoir --ops
 * rls} compares the two, the README has the figures. The caller appends a constant 1 to x if it wants
 * a bias.
 *
 * <pre>
 *   π = P x,  κ = π / (λ + xᵀπ),  e = y − W x,  W ← W + e κᵀ,  P ← (P − κ πᵀ) / λ
 * </pre>
 *
 * Every loop over P runs along contiguous rows without a reduction, so the JIT vectorises it.
 *
 * <p>P is bounded: in directions the features do not excite (a flat channel, a pure tone seen
 * through more lags than it has dimensions), forgetting grows P by 1/λ per step without limit, until
 * the update loses positive definiteness and the outputs become NaN. When the trace of P passes
 * {@link #MAX_TRACE_PER_FEATURE}·δ·d, P is scaled back to it; excited directions are far below it.
 */
public final class RlsReadout {
  /** The bound on trace(P), per feature and in units of the initial δ. */
  static final double MAX_TRACE_PER_FEATURE = 1e6;

  private final int d;
  private final int k;
  private double lambda;
  private final double[] p; // d × d
  private final double[] w; // k × d
  private final double[] pi; // scratch
  private final double[] err; // scratch
  private final double[] kappa; // scratch
  private final double maxTrace;
  private long updates;

  /**
   * @param features d
   * @param outputs k
   * @param forgetting λ ∈ (0, 1]; 1 = ordinary least squares, smaller tracks faster
   * @param delta initial P = δ·I (large δ: weak prior toward W = 0)
   */
  public RlsReadout(int features, int outputs, double forgetting, double delta) {
    if (!(forgetting > 0 && forgetting <= 1) || !(delta > 0)) {
      throw new IllegalArgumentException("need 0 < forgetting <= 1 and delta > 0");
    }
    this.d = features;
    this.k = outputs;
    this.lambda = forgetting;
    this.p = new double[d * d];
    for (int i = 0; i < d; i++) {
      p[i * d + i] = delta;
    }
    this.w = new double[k * d];
    this.pi = new double[d];
    this.err = new double[k];
    this.kappa = new double[d];
    this.maxTrace = MAX_TRACE_PER_FEATURE * delta * d;
  }

  public int features() {
    return d;
  }

  public int outputs() {
    return k;
  }

  public long updates() {
    return updates;
  }

  /** out = W x. */
  public void predict(double[] x, double[] out) {
    multiply(w, k, d, x, out);
  }

  /** out = W x for a row-major k × d matrix {@code w}. */
  static void multiply(double[] w, int k, int d, double[] x, double[] out) {
    for (int o = 0; o < k; o++) {
      int base = o * d;
      double s = 0;
      for (int i = 0; i < d; i++) {
        s += w[base + i] * x[i];
      }
      out[o] = s;
    }
  }

  /** One RLS step on the pair (x, y). */
  public void update(double[] x, double[] y) {
    predict(x, err);
    gain(x, kappa);
    for (int o = 0; o < k; o++) {
      double e = y[o] - err[o];
      int base = o * d;
      for (int i = 0; i < d; i++) {
        w[base + i] += e * kappa[i];
      }
    }
  }

  /**
   * Takes x into P alone and writes the gain κ = P x / (λ + xᵀ P x) of the old P into {@code kappa}:
   * the part of an update that does not depend on the targets, for callers that apply κ to their
   * own weights later ({@link DelayedRls}, whose targets arrive after the features).
   */
  public void gain(double[] x, double[] kappa) {
    // π = P x summed row by row (P is symmetric): axpy loops, which the JIT vectorises, where a
    // dot product per row is a floating-point reduction it must run one element at a time.
    Arrays.fill(pi, 0);
    for (int j = 0; j < d; j++) {
      double xj = x[j];
      int base = j * d;
      for (int i = 0; i < d; i++) {
        pi[i] += xj * p[base + i];
      }
    }
    double denom = lambda;
    for (int i = 0; i < d; i++) {
      denom += x[i] * pi[i];
    }
    double inv = 1.0 / denom;
    for (int i = 0; i < d; i++) {
      kappa[i] = pi[i] * inv;
    }
    // Whole rows, contiguous and vectorisable; (π_i π_j) is commutative in floating point, so P
    // stays exactly symmetric without mirroring one triangle into the other.
    double il = 1.0 / lambda;
    for (int i = 0; i < d; i++) {
      double pii = pi[i];
      int base = i * d;
      for (int j = 0; j < d; j++) {
        p[base + j] = (p[base + j] - pii * pi[j] * inv) * il;
      }
    }
    double trace = trace();
    if (trace > maxTrace) {
      double shrink = maxTrace / trace;
      for (int i = 0; i < p.length; i++) {
        p[i] *= shrink;
      }
    }
    updates++;
  }

  /** The trace of P: how uncertain the weights still are, summed over the features. */
  double trace() {
    double t = 0;
    for (int i = 0; i < d; i++) {
      t += p[i * d + i];
    }
    return t;
  }

  /** Weight of feature i for output o. */
  public double weight(int o, int i) {
    return w[o * d + i];
  }

  public double forgetting() {
    return lambda;
  }

  public void writeState(DataOutput out) throws IOException {
    out.writeInt(d);
    out.writeInt(k);
    out.writeDouble(lambda);
    StateIO.writeArray(out, p);
    StateIO.writeArray(out, w);
    out.writeLong(updates);
  }

  public void readState(DataInput in) throws IOException {
    if (in.readInt() != d || in.readInt() != k) {
      throw new IOException("RLS snapshot dimensions do not match");
    }
    lambda = in.readDouble();
    StateIO.readArray(in, p);
    StateIO.readArray(in, w);
    updates = in.readLong();
  }
}
