package io.streamlearn.models.ads;

import io.streamlearn.models.StateIO;
import io.streamlearn.models.Rng;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Exp3 (Auer et al. 2002) as the authors ran it ({@code Exp3Agent}): with K arms, learning rate
 * γ = min(1, √(K ln K / ((e − 1) · 2T/3))) and η = γ/K, p = (1 − γ) softmax(η G) + γ/K, arm
 * sampled from p, reward rescaled to x = (r + 2M)/(4M) with M = (Θ + Ω B̄/(1 − ρ̄)) Ū, and
 * G_a ← G_a + x / p_a for the played arm (importance weighted). The softmax is computed with the
 * maximum subtracted (same value, no overflow).
 */
public final class Exp3 extends AbstractPolicy {
  private final double gamma;
  private final double eta;
  private final double scale;
  private final Rng rng;
  private final double[] g;
  private final double[] prob;
  private double lastProb;

  /**
   * @param horizon T, the number of rounds (for the learning rate)
   * @param rewardScale M
   */
  public Exp3(String name, ArmSet arms, long horizon, double rewardScale, long seed) {
    this(name, arms, learningRate(arms.size(), horizon), rewardScale, seed);
  }

  Exp3(String name, ArmSet arms, double gamma, double rewardScale, long seed) {
    super(name, arms);
    if (!(rewardScale > 0)) {
      throw new IllegalArgumentException("reward scale M must be > 0: " + rewardScale);
    }
    this.gamma = gamma;
    this.eta = gamma / arms.size();
    this.scale = rewardScale;
    this.rng = new Rng(seed);
    this.g = new double[arms.size()];
    this.prob = new double[arms.size()];
  }

  /** min(1, √(K ln K / ((e − 1) · 2 rounds / 3))). */
  static double learningRate(int k, double rounds) {
    if (k == 1) {
      return 1;
    }
    return Math.min(1, Math.sqrt(k * Math.log(k) / ((Math.E - 1) * 2 * rounds / 3)));
  }

  /** Fills {@code out} with p and samples an arm from it. */
  static int sample(double[] g, double eta, double gamma, double[] out, Rng rng) {
    int k = g.length;
    double mx = Double.NEGATIVE_INFINITY;
    for (double x : g) {
      mx = Math.max(mx, x);
    }
    double sum = 0;
    for (int i = 0; i < k; i++) {
      out[i] = Math.exp(eta * (g[i] - mx));
      sum += out[i];
    }
    for (int i = 0; i < k; i++) {
      out[i] = (1 - gamma) * out[i] / sum + gamma / k;
    }
    double u = rng.nextDouble();
    double c = 0;
    for (int i = 0; i < k; i++) {
      c += out[i];
      if (u < c) {
        return i;
      }
    }
    return k - 1;
  }

  @Override
  protected int decide() {
    int arm = sample(g, eta, gamma, prob, rng);
    lastProb = prob[arm];
    lastNew = changed(arm);
    lastBlock = round;
    return arm;
  }

  @Override
  public double probabilityOf(int arm) {
    return prob[arm];
  }

  @Override
  protected void learn(double reward) {
    double x = (reward + 2 * scale) / (4 * scale);
    g[lastArm] += x / lastProb;
  }

  @Override
  protected void writeBody(DataOutput out) throws IOException {
    rng.writeState(out);
    out.writeDouble(lastProb);
    StateIO.writeArray(out, g);
  }

  @Override
  protected void readBody(DataInput in) throws IOException {
    rng.readState(in);
    lastProb = in.readDouble();
    StateIO.readArray(in, g);
  }
}
