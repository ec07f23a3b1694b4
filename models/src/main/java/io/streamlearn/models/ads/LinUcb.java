package io.streamlearn.models.ads;

import io.streamlearn.models.Rng;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * LinUCB (Abbasi-Yadkori et al. 2011) as the authors ran it as a baseline: the first arm is
 * uniformly random (seeded); afterwards, every round, u_t = argmax_a ⟨ĥ, a⟩ + β_t ‖a‖_{V⁻¹}; every
 * round the immediate reward is regressed (V ← V + u uᵀ, b ← b + u y, ĥ = V⁻¹b, V₀ = λI). It
 * ignores the dynamics, which is the point of the baseline. The radius β_t is a constructor
 * argument ({@link ConfidenceRadius}); {@link PolicyFactory} builds the authors' three variants
 * (LinUCB, LinUCB-lnT and D-LinUCB-lnT, the latter a LinUCB with a different radius since the
 * authors' λ = ln T D-LinUCB does not discount).
 */
public final class LinUcb extends AbstractPolicy {
  private final ConfidenceRadius beta;
  final RidgeRegression ridge; // package-private for IncrementalNormTest
  private final Rng rng;

  public LinUcb(String name, ArmSet arms, double lambda, ConfidenceRadius beta, long seed) {
    super(name, arms);
    this.beta = beta;
    this.ridge = new RidgeRegression(arms, lambda);
    this.rng = new Rng(seed);
  }

  /** β_t of this instance. */
  double beta(long t) {
    return beta.at(t);
  }

  @Override
  protected int decide() {
    double b = beta.at(round);
    int arm;
    if (round == 0) {
      arm = rng.nextInt(arms.size());
      uniformDecision = true;
      ridge.describe(arms.row(arm), b);
    } else {
      arm = ridge.argmaxUcb(b);
    }
    lastNew = changed(arm);
    lastBlock = round;
    lastExpected = ridge.chosenMean;
    lastWidth = ridge.chosenWidth;
    return arm;
  }

  @Override
  protected void learn(double reward) {
    ridge.update(arms.row(lastArm), reward);
  }

  /** A copy of the current estimate ĥ. */
  public double[] estimate() {
    return ridge.hHat.clone();
  }

  @Override
  protected void writeBody(DataOutput out) throws IOException {
    rng.writeState(out);
    ridge.write(out);
  }

  @Override
  protected void readBody(DataInput in) throws IOException {
    rng.readState(in);
    ridge.read(in);
  }
}
