package io.streamlearn.models.eeg;

import io.streamlearn.models.StateIO;
import io.streamlearn.models.Rng;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Excitatory/inhibitory rate reservoir with Dale's law and local homeostatic inhibition (Srinivasan,
 * Plenz, Girvan, arXiv 2504.12480):
 *
 * <pre>
 *   s_i(t+1) = (1 − a) s_i(t) + a σ( Σ_{j∈E} W_ij s_j(t) − g_i Σ_{k∈I} W_ik s_k(t) + Σ_c U_ic u_c(t) + b_i )
 *   g_i      ← max(0, g_i + η (s_i(t+1) − r_i))          (only while adapting)
 * </pre>
 *
 * σ is the logistic sigmoid, W ≥ 0 sparse (neurons 0…N_E−1 excitatory, the rest inhibitory: every
 * neuron's outgoing weights share one sign, the sign carried by its population). Targets r_i are
 * homogeneous or log-normal heterogeneous, biases b_i alike or normally spread ({@link EiConfig}). Adaptation is switched on for a
 * warm-up on the task input and then frozen ({@link #setAdapting}); {@link #setUniformGain} gives the
 * globally tuned baseline (one scalar g for all neurons).
 *
 * <p>Per-sample work is plain {@code double[]} with preallocated scratch and allocates nothing: the
 * whole sparse step (a few multiply-adds per neuron) costs less than ND4J's fixed overhead of a
 * single op ({@code bench reservoir} compares the two, the README has the figures).
 */
public final class EiReservoir implements Reservoir {
  private EiConfig config; // replaced on readState (same dimensions)
  private final int n;
  private final int ne;
  private final int m;
  private final SparseRows wExc; // N × N, columns in [0, N_E)
  private final SparseRows wInh; // N × N, columns in [N_E, N)
  private final SparseRows u; // N × inputs
  private final double[] bias;
  private final double[] target;
  private final double[] gain;
  private final double[] s;
  private final double[] next; // scratch
  private boolean adapting;
  private long steps;

  public EiReservoir(EiConfig config) {
    this.config = config;
    this.n = config.size();
    this.ne = config.excitatoryCount();
    this.m = config.inputs();
    if (ne < 1 || ne >= n) {
      throw new IllegalArgumentException("need at least one excitatory and one inhibitory neuron");
    }
    Rng rng = new Rng(Rng.derive(config.seed(), 1));
    int kE = Math.min(config.excitatoryInDegree(), ne - 1);
    int kI = Math.min(config.inhibitoryInDegree(), n - ne - 1);
    double maxE = 2 * config.excitatoryStrength() / Math.max(1, kE);
    double maxI = 2 * config.inhibitoryStrength() / Math.max(1, kI);
    // 1 − nextDouble() ∈ (0, 1]: strictly positive weights, so Dale's signs are never ambiguous.
    this.wExc = SparseRows.fixedInDegree(n, n, 0, ne, kE, rng, () -> maxE * (1 - rng.nextDouble()));
    this.wInh = SparseRows.fixedInDegree(n, n, ne, n, kI, rng, () -> maxI * (1 - rng.nextDouble()));
    int fan = config.inputFanIn() <= 0 ? m : Math.min(config.inputFanIn(), m);
    double sc = config.inputScale();
    // Input channels: the diagonal exclusion in fixedInDegree must not apply, so sample from a shifted range.
    this.u = inputMatrix(n, m, fan, rng, sc);
    this.target = new double[n];
    Rng trng = new Rng(Rng.derive(config.seed(), 2));
    double sig = config.targetSpread();
    for (int i = 0; i < n; i++) {
      double r = config.targetRate();
      if (sig > 0) {
        r = r * Math.exp(sig * trng.nextGaussian() - 0.5 * sig * sig);
        r = Math.min(config.targetMax(), Math.max(config.targetMin(), r));
      }
      target[i] = r;
    }
    this.bias = new double[n];
    Rng brng = new Rng(Rng.derive(config.seed(), 3));
    for (int i = 0; i < n; i++) {
      bias[i] = config.bias() + (config.biasSpread() > 0 ? config.biasSpread() * brng.nextGaussian() : 0);
    }
    this.gain = new double[n];
    Arrays.fill(gain, config.initialGain());
    this.s = new double[n];
    this.next = new double[n];
    this.adapting = config.learningRate() > 0;
  }

  private static SparseRows inputMatrix(int n, int m, int fan, Rng rng, double scale) {
    int[] rowStart = new int[n + 1];
    int[] col = new int[n * fan];
    double[] val = new double[n * fan];
    int[] pool = new int[m];
    int p = 0;
    for (int r = 0; r < n; r++) {
      rowStart[r] = p;
      for (int c = 0; c < m; c++) {
        pool[c] = c;
      }
      for (int t = 0; t < fan; t++) {
        int j = t + rng.nextInt(m - t);
        int tmp = pool[t];
        pool[t] = pool[j];
        pool[j] = tmp;
      }
      Arrays.sort(pool, 0, fan);
      for (int t = 0; t < fan; t++) {
        col[p] = pool[t];
        val[p] = scale * (2 * rng.nextDouble() - 1);
        p++;
      }
    }
    rowStart[n] = p;
    return new SparseRows(n, m, rowStart, col, val);
  }

  @Override
  public int size() {
    return n;
  }

  @Override
  public int inputs() {
    return m;
  }

  public EiConfig config() {
    return config;
  }

  public int excitatoryCount() {
    return ne;
  }

  @Override
  public void step(double[] input) {
    final double a = config.leak();
    for (int i = 0; i < n; i++) {
      double x = wExc.dotRow(i, s) - gain[i] * wInh.dotRow(i, s) + u.dotRow(i, input) + bias[i];
      double f = 1.0 / (1.0 + Math.exp(-x));
      next[i] = (1 - a) * s[i] + a * f;
    }
    System.arraycopy(next, 0, s, 0, n);
    if (adapting) {
      final double eta = config.learningRate();
      for (int i = 0; i < n; i++) {
        double g = gain[i] + eta * (s[i] - target[i]);
        gain[i] = g > 0 ? g : 0;
      }
    }
    steps++;
  }

  @Override
  public double[] state() {
    return s;
  }

  /**
   * The recurrent input each neuron receives in the current state: Σ_{j∈E} W_ij s_j into
   * {@code excitatory}, g_i Σ_{k∈I} W_ik s_k into {@code inhibitory} (both ≥ 0). Their ratio is the
   * E/I balance a neuron actually sees, whatever the weights and rates that make it.
   */
  public void recurrentInput(double[] excitatory, double[] inhibitory) {
    for (int i = 0; i < n; i++) {
      excitatory[i] = wExc.dotRow(i, s);
      inhibitory[i] = gain[i] * wInh.dotRow(i, s);
    }
  }

  /** Switches the homeostatic rule on (warm-up) or off (frozen for readout training and testing). */
  public void setAdapting(boolean on) {
    this.adapting = on;
  }

  public boolean isAdapting() {
    return adapting;
  }

  /** Global tuning: every g_i = g, adaptation off. */
  public void setUniformGain(double g) {
    if (g < 0) {
      throw new IllegalArgumentException("gain must be >= 0");
    }
    Arrays.fill(gain, g);
    adapting = false;
  }

  /** A copy of the per-neuron inhibitory gains g_i. */
  public double[] gains() {
    return gain.clone();
  }

  /** A copy of the biases b_i. */
  public double[] biases() {
    return bias.clone();
  }

  /** A copy of the target rates r_i. */
  public double[] targets() {
    return target.clone();
  }

  /**
   * Signed dense copy of the effective recurrent matrix (excitatory +W, inhibitory −g_i·W) for
   * inspection and tests; column j's nonzero entries all share the sign of j's population.
   */
  public double[][] effectiveWeights() {
    double[][] w = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int p = wExc.rowStart[i]; p < wExc.rowStart[i + 1]; p++) {
        w[i][wExc.col[p]] += wExc.val[p];
      }
      for (int p = wInh.rowStart[i]; p < wInh.rowStart[i + 1]; p++) {
        w[i][wInh.col[p]] -= gain[i] * wInh.val[p];
      }
    }
    return w;
  }

  /** Dense copy of the input weights U (N × inputs), for inspection, tests and benchmarks. */
  public double[][] inputWeights() {
    double[][] w = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int p = u.rowStart[i]; p < u.rowStart[i + 1]; p++) {
        w[i][u.col[p]] = u.val[p];
      }
    }
    return w;
  }

  @Override
  public void writeState(DataOutput out) throws IOException {
    config.write(out);
    wExc.write(out);
    wInh.write(out);
    u.write(out);
    StateIO.writeArray(out, bias);
    StateIO.writeArray(out, target);
    StateIO.writeArray(out, gain);
    StateIO.writeArray(out, s);
    out.writeBoolean(adapting);
    out.writeLong(steps);
  }

  @Override
  public void readState(DataInput in) throws IOException {
    EiConfig c = EiConfig.read(in);
    if (c.size() != n || c.inputs() != m) {
      throw new IOException("snapshot of a " + c.size() + "x" + c.inputs() + " reservoir, this one is " + n + "x" + m);
    }
    if (c.excitatoryCount() != ne) {
      throw new IOException("snapshot has " + c.excitatoryCount() + " excitatory neurons, this one " + ne);
    }
    config = c;
    copy(SparseRows.read(in), wExc);
    copy(SparseRows.read(in), wInh);
    copy(SparseRows.read(in), u);
    StateIO.readArray(in, bias);
    StateIO.readArray(in, target);
    StateIO.readArray(in, gain);
    StateIO.readArray(in, s);
    adapting = in.readBoolean();
    steps = in.readLong();
  }

  /** Builds a reservoir from a snapshot alone. */
  public static EiReservoir read(DataInput in) throws IOException {
    // The config comes first; rebuild from it, then overwrite everything with the stored values.
    EiConfig c = EiConfig.read(in);
    EiReservoir r = new EiReservoir(c);
    copy(SparseRows.read(in), r.wExc);
    copy(SparseRows.read(in), r.wInh);
    copy(SparseRows.read(in), r.u);
    StateIO.readArray(in, r.bias);
    StateIO.readArray(in, r.target);
    StateIO.readArray(in, r.gain);
    StateIO.readArray(in, r.s);
    r.adapting = in.readBoolean();
    r.steps = in.readLong();
    return r;
  }

  private static void copy(SparseRows from, SparseRows to) throws IOException {
    if (from.val.length != to.val.length || from.rows != to.rows) {
      throw new IOException("snapshot connectivity does not match");
    }
    System.arraycopy(from.rowStart, 0, to.rowStart, 0, from.rowStart.length);
    System.arraycopy(from.col, 0, to.col, 0, from.col.length);
    System.arraycopy(from.val, 0, to.val, 0, from.val.length);
  }

  /** Raw (gain-free) weights for Dale's-law checks: entries of row i, as {column, weight} pairs. */
  double[][] rawRow(int i) {
    int ce = wExc.rowStart[i + 1] - wExc.rowStart[i];
    int ci = wInh.rowStart[i + 1] - wInh.rowStart[i];
    double[][] out = new double[ce + ci][];
    int k = 0;
    for (int p = wExc.rowStart[i]; p < wExc.rowStart[i + 1]; p++) {
      out[k++] = new double[] {wExc.col[p], wExc.val[p]};
    }
    for (int p = wInh.rowStart[i]; p < wInh.rowStart[i + 1]; p++) {
      out[k++] = new double[] {wInh.col[p], -wInh.val[p]};
    }
    return out;
  }
}
