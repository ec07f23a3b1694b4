package io.streamlearn.models.ads;

import io.streamlearn.models.StateIO;
import io.streamlearn.models.Rng;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * D-LinUCB (Russac, Vernade, Cappé, "Weighted Linear Bandits for Non-Stationary Environments",
 * NeurIPS 2019) as in the authors' {@code DLinUCBAgent} (their λ = 1 baseline, γ = 0.999999999):
 * with reg(t) = γ^{−t} λ and t the rounds played before the update,
 *
 * <pre>
 *   V ← γ V + u uᵀ + (1 − γ) reg(t) I        Ṽ ← γ² Ṽ + u uᵀ + (1 − γ²) reg(t) I
 *   b ← γ b + u y                             ĥ = V⁻¹ b            (V₀ = Ṽ₀ = λ I)
 *   u = argmax_a ⟨ĥ, a⟩ + β_t √(aᵀ V⁻¹ Ṽ V⁻¹ a)
 *   β_t = Θ √reg(t) + σ √(2 ln(1/δ) + d ln(1 + L² (1 − γ^{2t}) / (d reg(t) (1 − γ²))))
 * </pre>
 *
 * with L the largest total budget of an arm (the authors pass the daily budget). The first arm is
 * uniformly random (seeded). The update is not rank one, so V⁻¹ and V⁻¹ṼV⁻¹ are recomputed each
 * round (Gauss-Jordan, O(d³), preallocated, no allocation). Powers of γ use expm1/log1p for accuracy.
 * (The authors' λ = ln T "D-LinUCB" does not discount; {@link PolicyFactory} builds it as a {@link
 * LinUcb} with {@link ConfidenceRadius#dLinUcbLnT}.)
 */
public final class DLinUcb extends AbstractPolicy {
  private final double lambda;
  private final double gamma;
  private final double lnGamma;
  private final double theta;
  private final double sigma;
  private final double lnInvDelta;
  private final double maxTotal;
  private final Rng rng;

  private final double[] v;
  private final double[] vTilde;
  private final double[] b;
  private final double[] vInv;
  private final double[] m; // V⁻¹ Ṽ V⁻¹
  private final double[] hHat;
  private final double[] work;
  private final double[] work2;
  private final double[] vals; // scratch: UCB per arm

  /**
   * @param gamma discount factor in (0, 1)
   * @param theta Θ, @param sigma σ, @param delta δ of the confidence radius
   * @param maxTotal L, bound on the arms' size used in the radius (authors: the daily budget)
   */
  public DLinUcb(
      String name, ArmSet arms, double lambda, double gamma, double theta, double sigma, double delta,
      double maxTotal, long seed) {
    super(name, arms);
    if (!(gamma > 0 && gamma < 1)) {
      throw new IllegalArgumentException("gamma must be in (0, 1): " + gamma);
    }
    if (!(lambda > 0)) {
      throw new IllegalArgumentException("lambda must be > 0: " + lambda);
    }
    this.lambda = lambda;
    this.gamma = gamma;
    this.lnGamma = Math.log(gamma);
    this.theta = theta;
    this.sigma = sigma;
    this.lnInvDelta = Math.log(1 / delta);
    this.maxTotal = maxTotal;
    this.rng = new Rng(seed);
    this.v = new double[d * d];
    this.vTilde = new double[d * d];
    this.b = new double[d];
    this.vInv = new double[d * d];
    this.m = new double[d * d];
    this.hHat = new double[d];
    this.work = new double[d * d];
    this.work2 = new double[d * d];
    this.vals = new double[arms.size()];
    for (int i = 0; i < d; i++) {
      v[i * d + i] = lambda;
      vTilde[i * d + i] = lambda;
      vInv[i * d + i] = 1 / lambda;
      m[i * d + i] = 1 / lambda;
    }
  }

  private double reg(long t) {
    return Math.exp(-t * lnGamma) * lambda;
  }

  /** β_t as in the authors' {@code _beta_t_fun_dlinucb}. */
  public double beta(long t) {
    double r = reg(t);
    double oneMinusG2t = -Math.expm1(2 * t * lnGamma);
    double oneMinusG2 = -Math.expm1(2 * lnGamma);
    return theta * Math.sqrt(r)
        + sigma
            * Math.sqrt(
                2 * lnInvDelta
                    + d * Math.log1p(maxTotal * maxTotal * oneMinusG2t / (d * r * oneMinusG2)));
  }

  private double quad(double[] mat, double[] a) {
    double q = 0;
    for (int i = 0; i < d; i++) {
      double s = 0;
      for (int j = 0; j < d; j++) {
        s += mat[i * d + j] * a[j];
      }
      q += a[i] * s;
    }
    return Math.sqrt(Math.max(0, q));
  }

  private double mean(double[] a) {
    double s = 0;
    for (int i = 0; i < d; i++) {
      s += hHat[i] * a[i];
    }
    return s;
  }

  @Override
  protected int decide() {
    double bt = beta(round);
    int arm;
    if (round == 0) {
      arm = rng.nextInt(arms.size());
      uniformDecision = true;
    } else {
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < arms.size(); i++) {
        double[] a = arms.row(i);
        vals[i] = mean(a) + bt * quad(m, a);
        max = Math.max(max, vals[i]);
      }
      arm = 0;
      while (arm < vals.length - 1 && !(vals[arm] >= max - RidgeRegression.TIE * Math.abs(max))) {
        arm++; // ties go to the first arm, as in RidgeRegression
      }
    }
    lastNew = changed(arm);
    lastBlock = round;
    lastExpected = mean(arms.row(arm));
    lastWidth = bt * quad(m, arms.row(arm));
    return arm;
  }

  @Override
  protected void learn(double reward) {
    double[] u = arms.row(lastArm);
    double r = reg(round);
    double g2 = gamma * gamma;
    double addV = (1 - gamma) * r;
    double addVt = (1 - g2) * r;
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double uu = u[i] * u[j];
        v[i * d + j] = gamma * v[i * d + j] + uu + (i == j ? addV : 0);
        vTilde[i * d + j] = g2 * vTilde[i * d + j] + uu + (i == j ? addVt : 0);
      }
      b[i] = gamma * b[i] + u[i] * reward;
    }
    System.arraycopy(v, 0, work, 0, d * d);
    Linalg.invertInPlace(work, vInv, d);
    for (int i = 0; i < d; i++) {
      double s = 0;
      for (int j = 0; j < d; j++) {
        s += vInv[i * d + j] * b[j];
      }
      hHat[i] = s;
    }
    // m = V⁻¹ Ṽ V⁻¹ (work2 = Ṽ V⁻¹)
    mul(vTilde, vInv, work2);
    mul(vInv, work2, m);
  }

  private void mul(double[] x, double[] y, double[] out) {
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double s = 0;
        for (int k = 0; k < d; k++) {
          s += x[i * d + k] * y[k * d + j];
        }
        out[i * d + j] = s;
      }
    }
  }

  @Override
  protected void writeBody(DataOutput out) throws IOException {
    rng.writeState(out);
    StateIO.writeArray(out, v);
    StateIO.writeArray(out, vTilde);
    StateIO.writeArray(out, b);
    StateIO.writeArray(out, vInv);
    StateIO.writeArray(out, m);
    StateIO.writeArray(out, hHat);
  }

  @Override
  protected void readBody(DataInput in) throws IOException {
    rng.readState(in);
    StateIO.readArray(in, v);
    StateIO.readArray(in, vTilde);
    StateIO.readArray(in, b);
    StateIO.readArray(in, vInv);
    StateIO.readArray(in, m);
    StateIO.readArray(in, hHat);
  }
}
