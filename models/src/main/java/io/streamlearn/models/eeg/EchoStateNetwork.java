package io.streamlearn.models.eeg;

import io.streamlearn.models.StateIO;
import io.streamlearn.models.Rng;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Standard leaky echo state network (Jaeger 2001): x(t+1) = (1 − a) x(t) + a tanh(W x(t) + U u(t) + b),
 * W sparse with Gaussian entries rescaled to spectral radius ρ, U uniform in [−inputScale, inputScale],
 * b uniform in [−biasScale, biasScale]. Plain arrays for the same reason as {@link EiReservoir}.
 */
public final class EchoStateNetwork implements Reservoir {
  /** Parameters; {@link #defaults} gives ρ = 0.9, in-degree 10 % of N, leak 1. */
  public record Config(int size, int inputs, int inDegree, double spectralRadius, double inputScale,
      double biasScale, double leak, long seed) {
    public static Config defaults(int size, int inputs, long seed) {
      return new Config(size, inputs, Math.max(1, size / 10), 0.9, 1.0, 0.0, 1.0, seed);
    }

    public Config withSpectralRadius(double rho) {
      return new Config(size, inputs, inDegree, rho, inputScale, biasScale, leak, seed);
    }

    public Config withInput(double scale, double bias) {
      return new Config(size, inputs, inDegree, spectralRadius, scale, bias, leak, seed);
    }

    public Config withLeak(double a) {
      return new Config(size, inputs, inDegree, spectralRadius, inputScale, biasScale, a, seed);
    }

    public Config withSeed(long s) {
      return new Config(size, inputs, inDegree, spectralRadius, inputScale, biasScale, leak, s);
    }
  }

  private final Config config;
  private final int n;
  private final int m;
  private final SparseRows w;
  private final double[] u; // n × m dense, row-major
  private final double[] bias;
  private final double[] x;
  private final double[] next;

  public EchoStateNetwork(Config config) {
    this.config = config;
    this.n = config.size();
    this.m = config.inputs();
    Rng rng = new Rng(Rng.derive(config.seed(), 11));
    SparseRows raw = SparseRows.fixedInDegree(n, n, 0, n, Math.min(config.inDegree(), n - 1), rng, rng::nextGaussian);
    double rho = spectralRadius(raw, new Rng(Rng.derive(config.seed(), 12)));
    double scale = rho > 0 ? config.spectralRadius() / rho : 0;
    for (int p = 0; p < raw.val.length; p++) {
      raw.val[p] *= scale;
    }
    this.w = raw;
    this.u = new double[n * m];
    for (int i = 0; i < u.length; i++) {
      u[i] = config.inputScale() * (2 * rng.nextDouble() - 1);
    }
    this.bias = new double[n];
    for (int i = 0; i < n; i++) {
      bias[i] = config.biasScale() * (2 * rng.nextDouble() - 1);
    }
    this.x = new double[n];
    this.next = new double[n];
  }

  /**
   * Spectral radius estimate: the asymptotic growth rate of ‖A^k v‖ (a power iteration that also works
   * when the dominant eigenvalues are a complex pair), geometric mean over the last half of the
   * iterations.
   */
  static double spectralRadius(SparseRows a, Rng rng) {
    int n = a.rows;
    double[] v = new double[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextGaussian();
    }
    normalize(v);
    int iters = 600;
    double logSum = 0;
    int counted = 0;
    for (int k = 0; k < iters; k++) {
      a.multiply(v, w);
      double norm = normalize(w);
      if (norm == 0) {
        return 0;
      }
      if (k >= iters / 2) {
        logSum += Math.log(norm);
        counted++;
      }
      double[] t = v;
      v = w;
      w = t;
    }
    return Math.exp(logSum / counted);
  }

  private static double normalize(double[] v) {
    double s = 0;
    for (double d : v) {
      s += d * d;
    }
    double norm = Math.sqrt(s);
    if (norm > 0) {
      for (int i = 0; i < v.length; i++) {
        v[i] /= norm;
      }
    }
    return norm;
  }

  @Override
  public int size() {
    return n;
  }

  @Override
  public int inputs() {
    return m;
  }

  public Config config() {
    return config;
  }

  @Override
  public void step(double[] input) {
    double a = config.leak();
    for (int i = 0; i < n; i++) {
      double z = w.dotRow(i, x) + bias[i];
      int base = i * m;
      for (int c = 0; c < m; c++) {
        z += u[base + c] * input[c];
      }
      next[i] = (1 - a) * x[i] + a * Math.tanh(z);
    }
    System.arraycopy(next, 0, x, 0, n);
  }

  @Override
  public double[] state() {
    return x;
  }

  @Override
  public void writeState(DataOutput out) throws IOException {
    out.writeInt(n);
    out.writeInt(m);
    w.write(out);
    StateIO.writeArray(out, u);
    StateIO.writeArray(out, bias);
    StateIO.writeArray(out, x);
  }

  @Override
  public void readState(DataInput in) throws IOException {
    if (in.readInt() != n || in.readInt() != m) {
      throw new IOException("snapshot dimensions do not match");
    }
    SparseRows r = SparseRows.read(in);
    if (r.val.length != w.val.length) {
      throw new IOException("snapshot connectivity does not match");
    }
    System.arraycopy(r.rowStart, 0, w.rowStart, 0, r.rowStart.length);
    System.arraycopy(r.col, 0, w.col, 0, r.col.length);
    System.arraycopy(r.val, 0, w.val, 0, r.val.length);
    StateIO.readArray(in, u);
    StateIO.readArray(in, bias);
    StateIO.readArray(in, x);
  }
}
