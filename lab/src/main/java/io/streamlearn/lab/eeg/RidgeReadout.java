package io.streamlearn.lab.eeg;

import io.streamlearn.models.StateIO;
import io.streamlearn.models.eeg.EiReservoir;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Linear readout y = W [x; 1] fitted in one batch by ridge regression, W = Yᵀ X̃ (X̃ᵀX̃ + αI)⁻¹
 * (bias column not penalised). The O(T·d²) products X̃ᵀX̃ and X̃ᵀY over many rows are the batched
 * work ND4J (BLAS) is for; the (d+1)×(d+1) solve is a plain-Java Cholesky (O(d³/3), a few ms at
 * d = 500, deterministic and free of ND4J's per-op overhead). Prediction is per sample, plain arrays.
 */
public final class RidgeReadout {
  private final int features;
  private final int outputs;
  private final double[] w; // outputs × (features + 1), row-major; last column = bias

  private RidgeReadout(int features, int outputs, double[] w) {
    this.features = features;
    this.outputs = outputs;
    this.w = w;
  }

  /**
   * Fits on rows {@code x[t]} (length d) and targets {@code y[t]} (length k).
   *
   * @param alpha ridge penalty α ≥ 0 on the non-bias weights
   */
  public static RidgeReadout fit(double[][] x, double[][] y, double alpha) {
    int t = x.length;
    if (t == 0 || y.length != t) {
      throw new IllegalArgumentException("need equally many (>0) feature and target rows");
    }
    int d = x[0].length;
    int k = y[0].length;
    int d1 = d + 1;
    double[] flat = new double[t * d1];
    for (int r = 0; r < t; r++) {
      System.arraycopy(x[r], 0, flat, r * d1, d);
      flat[r * d1 + d] = 1.0;
    }
    double[] flatY = new double[t * k];
    for (int r = 0; r < t; r++) {
      System.arraycopy(y[r], 0, flatY, r * k, k);
    }
    INDArray xa = Nd4j.create(flat, new long[] {t, d1}, DataType.DOUBLE);
    INDArray ya = Nd4j.create(flatY, new long[] {t, k}, DataType.DOUBLE);
    // gemm with the transpose flag: BLAS dgemm reads X as Xᵀ without materialising a transposed copy.
    double[] gram = Nd4j.gemm(xa, xa, true, false).dup('c').data().asDouble(); // d1 × d1
    double[] xty = Nd4j.gemm(xa, ya, true, false).dup('c').data().asDouble(); // d1 × k
    for (int i = 0; i < d; i++) {
      gram[i * d1 + i] += alpha;
    }
    double[] sol = solveSpd(gram, xty, d1, k); // d1 × k
    double[] w = new double[k * d1];
    for (int o = 0; o < k; o++) {
      for (int i = 0; i < d1; i++) {
        w[o * d1 + i] = sol[i * k + o];
      }
    }
    return new RidgeReadout(d, k, w);
  }

  /**
   * Solves A X = B for symmetric positive (semi)definite A (n × n) by Cholesky; a tiny diagonal jitter
   * is added if A is numerically singular.
   */
  static double[] solveSpd(double[] a, double[] b, int n, int k) {
    double jitter = 0;
    double trace = 0;
    for (int i = 0; i < n; i++) {
      trace += a[i * n + i];
    }
    for (int attempt = 0; attempt < 8; attempt++) {
      double[] l = cholesky(a, n, jitter);
      if (l != null) {
        double[] x = b.clone();
        for (int c = 0; c < k; c++) {
          for (int i = 0; i < n; i++) { // forward: L z = b
            double s = x[i * k + c];
            for (int j = 0; j < i; j++) {
              s -= l[i * n + j] * x[j * k + c];
            }
            x[i * k + c] = s / l[i * n + i];
          }
          for (int i = n - 1; i >= 0; i--) { // backward: Lᵀ x = z
            double s = x[i * k + c];
            for (int j = i + 1; j < n; j++) {
              s -= l[j * n + i] * x[j * k + c];
            }
            x[i * k + c] = s / l[i * n + i];
          }
        }
        return x;
      }
      jitter = jitter == 0 ? 1e-12 * Math.max(trace / n, 1e-300) : jitter * 100;
    }
    throw new ArithmeticException("matrix is not positive definite");
  }

  private static double[] cholesky(double[] a, int n, double jitter) {
    double[] l = new double[n * n];
    for (int j = 0; j < n; j++) {
      double d = a[j * n + j] + jitter;
      for (int p = 0; p < j; p++) {
        d -= l[j * n + p] * l[j * n + p];
      }
      if (!(d > 0)) {
        return null;
      }
      double ljj = Math.sqrt(d);
      l[j * n + j] = ljj;
      for (int i = j + 1; i < n; i++) {
        double s = a[i * n + j];
        for (int p = 0; p < j; p++) {
          s -= l[i * n + p] * l[j * n + p];
        }
        l[i * n + j] = s / ljj;
      }
    }
    return l;
  }

  public int features() {
    return features;
  }

  public int outputs() {
    return outputs;
  }

  /** out[o] = Σ_i W[o][i] x[i] + bias[o]. */
  public void predict(double[] x, double[] out) {
    int d1 = features + 1;
    for (int o = 0; o < outputs; o++) {
      int base = o * d1;
      double s = w[base + features];
      for (int i = 0; i < features; i++) {
        s += w[base + i] * x[i];
      }
      out[o] = s;
    }
  }

  /** Weight of feature i (i = features: bias) for output o. */
  public double weight(int o, int i) {
    return w[o * (features + 1) + i];
  }

  public void writeState(DataOutput out) throws IOException {
    out.writeInt(features);
    out.writeInt(outputs);
    StateIO.writeArray(out, w);
  }

  public static RidgeReadout read(DataInput in) throws IOException {
    int d = in.readInt();
    int k = in.readInt();
    double[] w = new double[k * (d + 1)];
    StateIO.readArray(in, w);
    return new RidgeReadout(d, k, w);
  }
}
