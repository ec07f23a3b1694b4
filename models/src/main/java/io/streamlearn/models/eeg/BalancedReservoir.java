package io.streamlearn.models.eeg;

import io.streamlearn.models.Rng;
import io.streamlearn.models.StateIO;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The E/I rate network of the third-party reconstruction of Srinivasan, Plenz, Girvan (arXiv
 * 2504.12480; {@code shared/reference/adaptive-reservoir.md}, "a second regime", unverified):
 *
 * <pre>
 *   V_i(t+1) = Σ_j A^E_ij r_j(t) − Ω_i Σ_k A^I_ik r_k(t) + Σ_c W_ic u_c(t) + a V_i(t)
 *   r_i      = σ(c (V_i − θ))
 * </pre>
 *
 * N neurons, a share f_E excitatory (Dale's law); in-degree k split by type (k f_E excitatory, the
 * rest inhibitory), weights |N(μ, 0.2μ)| with μ_E = 1/(k f_E) and μ_I = (f_E/f_I) μ_E, so each neuron
 * receives a summed excitatory weight of 1 and an inhibitory one of 1 − β in mean (β > 0
 * excitation-dominated). A share of the neurons receives the input, weights uniform in ±s/2.
 *
 * <p>Adaptation toward target rates ρ_i (constant, Beta(2, 2) or log-normal), for a warm-up of
 * 2,000 steps (δ = 10⁻² for 1,000, then 10⁻³) and then frozen: per synapse, every inhibitory weight
 * onto i moves by δ (r_i − ρ_i), clipped at 0; or per neuron, Ω_i moves by δ (r_i − ρ_i). Or the
 * one-step design ({@link #design}): Ω_i from the mean-field fixed point r ≡ ρ. Or one global Ω
 * ({@link #setUniformGain}), the baseline.
 */
public final class BalancedReservoir implements Reservoir {
  public enum Adaptation { NONE, PER_SYNAPSE, PER_NEURON }

  public enum Targets { CONSTANT, BETA22, LOG_NORMAL }

  /**
   * @param beta net mean drive of the recurrent weights (0 balanced)
   * @param inputFraction share of the neurons that receive the input
   * @param inputScale s: input weights uniform in ±s/2
   * @param gain c of the sigmoid; @param threshold θ; @param leak a (0: none)
   * @param targetRate ρ of constant targets, the median of log-normal ones (Beta(2, 2) has mean 0.5)
   */
  public record Config(int size, int inputs, double excitatoryFraction, int inDegree, double beta,
      double inputFraction, double inputScale, double gain, double threshold, double leak, Adaptation adaptation,
      Targets targets, double targetRate, long seed) {

    /** The reconstruction's values: N given, 80 % E, k = 50, β = 0, 30 % input, c = 10, θ = 0, no leak. */
    public static Config reconstruction(int size, int inputs, double inputScale, long seed) {
      return new Config(size, inputs, 0.8, Math.min(50, size - 1), 0, 0.3, inputScale, 10, 0, 0, Adaptation.NONE,
          Targets.CONSTANT, 0.5, seed);
    }

    public Config with(Adaptation a, Targets t) {
      return new Config(size, inputs, excitatoryFraction, inDegree, beta, inputFraction, inputScale, gain, threshold,
          leak, a, t, targetRate, seed);
    }

    public Config withSeed(long s) {
      return new Config(size, inputs, excitatoryFraction, inDegree, beta, inputFraction, inputScale, gain, threshold,
          leak, adaptation, targets, targetRate, s);
    }
  }

  /** Adaptation steps at δ = 10⁻², then as many at 10⁻³. */
  static final int PHASE_STEPS = 1000;

  private final Config cfg;
  private final int n;
  private final int m;
  private final SparseRows exc;
  private final SparseRows inh;
  private final double[] win; // n × m, zero rows for neurons without input
  private final double[] target;
  private final double[] omega;
  private final double[] v;
  private final double[] r;
  private final double[] next;
  private long adapted;

  public BalancedReservoir(Config cfg) {
    this.cfg = cfg;
    this.n = cfg.size();
    this.m = cfg.inputs();
    int ne = (int) Math.round(cfg.excitatoryFraction() * n);
    int kE = (int) Math.round(cfg.inDegree() * cfg.excitatoryFraction());
    int kI = cfg.inDegree() - kE;
    double muE = 1.0 / kE;
    double muI = (1 - cfg.beta()) / kI;
    Rng rng = new Rng(Rng.derive(cfg.seed(), 21));
    this.exc = SparseRows.fixedInDegree(n, n, 0, ne, kE, rng, () -> Math.abs(muE * (1 + 0.2 * rng.nextGaussian())));
    this.inh = SparseRows.fixedInDegree(n, n, ne, n, kI, rng, () -> Math.abs(muI * (1 + 0.2 * rng.nextGaussian())));
    this.win = new double[n * m];
    for (int i = 0; i < n; i++) {
      if (rng.nextDouble() < cfg.inputFraction()) {
        for (int c = 0; c < m; c++) {
          win[i * m + c] = cfg.inputScale() * (rng.nextDouble() - 0.5);
        }
      }
    }
    this.target = new double[n];
    Rng t = new Rng(Rng.derive(cfg.seed(), 22));
    for (int i = 0; i < n; i++) {
      target[i] = switch (cfg.targets()) {
        case CONSTANT -> cfg.targetRate();
        // Beta(2, 2): the median of three uniforms
        case BETA22 -> median3(t.nextDouble(), t.nextDouble(), t.nextDouble());
        case LOG_NORMAL -> Math.min(0.95, Math.max(0.05, cfg.targetRate() * Math.exp(0.5 * t.nextGaussian())));
      };
    }
    this.omega = new double[n];
    Arrays.fill(omega, 1);
    this.v = new double[n];
    this.r = new double[n];
    this.next = new double[n];
  }

  private static double median3(double a, double b, double c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }

  @Override
  public int size() {
    return n;
  }

  @Override
  public int inputs() {
    return m;
  }

  @Override
  public void step(double[] input) {
    for (int i = 0; i < n; i++) {
      double in = 0;
      for (int c = 0; c < m; c++) {
        in += win[i * m + c] * input[c];
      }
      double x = exc.dotRow(i, r) - omega[i] * inh.dotRow(i, r) + in + cfg.leak() * v[i];
      v[i] = x;
      next[i] = 1 / (1 + Math.exp(-cfg.gain() * (x - cfg.threshold())));
    }
    System.arraycopy(next, 0, r, 0, n);
    if (cfg.adaptation() != Adaptation.NONE && adapted < 2L * PHASE_STEPS) {
      double delta = adapted < PHASE_STEPS ? 1e-2 : 1e-3;
      for (int i = 0; i < n; i++) {
        double d = delta * (r[i] - target[i]);
        if (cfg.adaptation() == Adaptation.PER_NEURON) {
          omega[i] = Math.max(0, omega[i] + d);
        } else {
          for (int p = inh.rowStart[i]; p < inh.rowStart[i + 1]; p++) {
            inh.val[p] = Math.max(0, inh.val[p] + d);
          }
        }
      }
      adapted++;
    }
  }

  /**
   * The one-step design: Ω_i = [(A^E ρ)_i + (W ū)_i − θ − logit(ρ_i)/c] / (A^I ρ)_i, clipped at 0
   * (the mean-field fixed point r ≡ ρ, leak ignored), for inputs of mean {@code meanInput}.
   *
   * @return neurons whose numerator is negative: they cannot reach their target by inhibition alone
   */
  public int design(double[] meanInput) {
    int unreachable = 0;
    for (int i = 0; i < n; i++) {
      double in = 0;
      for (int c = 0; c < m; c++) {
        in += win[i * m + c] * meanInput[c];
      }
      double rho = target[i];
      double num = exc.dotRow(i, target) + in - cfg.threshold() - Math.log(rho / (1 - rho)) / cfg.gain();
      double den = inh.dotRow(i, target);
      unreachable += num < 0 ? 1 : 0;
      omega[i] = den > 0 ? Math.max(0, num / den) : 0;
    }
    return unreachable;
  }

  /** One global Ω for every neuron (the baseline), adaptation off. */
  public void setUniformGain(double g) {
    Arrays.fill(omega, g);
    adapted = 2L * PHASE_STEPS;
  }

  /** A copy of the target rates. */
  public double[] targets() {
    return target.clone();
  }

  @Override
  public double[] state() {
    return r;
  }

  @Override
  public void writeState(DataOutput out) throws IOException {
    inh.write(out);
    StateIO.writeArray(out, omega);
    StateIO.writeArray(out, v);
    StateIO.writeArray(out, r);
    out.writeLong(adapted);
  }

  @Override
  public void readState(DataInput in) throws IOException {
    SparseRows s = SparseRows.read(in);
    if (s.val.length != inh.val.length) {
      throw new IOException("snapshot of another network");
    }
    System.arraycopy(s.val, 0, inh.val, 0, s.val.length);
    StateIO.readArray(in, omega);
    StateIO.readArray(in, v);
    StateIO.readArray(in, r);
    adapted = in.readLong();
  }
}
