package io.streamlearn.models.ads;

import io.streamlearn.models.Rng;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * DynLin-UCB (Mussi, Metelli, Restelli, "Dynamical Linear Bandits", ICML 2023, Algorithm 1).
 *
 * <ul>
 *   <li>Blocks (Algorithm 1, line 3): block m = 1, 2, … lasts L_m = 1 + ⌊ln m / ln(1/ρ̄)⌋ rounds
 *       ({@link BlockSchedule}); the action chosen at a block's start is held for the whole block.
 *       As in the authors' code the first action is uniformly random (seeded) and is held for
 *       rounds 0 and 1 (the first block ends at round 1).
 *   <li>Estimation (Eq. 7 / Algorithm 1, lines 7-9): only the reward y of the block's last round
 *       is regressed: V ← V + u uᵀ, b ← b + u y, ĥ = V⁻¹ b, with V₀ = λ I, b₀ = 0 (V⁻¹ by
 *       Sherman-Morrison).
 *   <li>Optimism (Eq. 8 / Algorithm 1, line 4): u = argmax_{a ∈ U} ⟨ĥ, a⟩ + β_t ‖a‖_{V⁻¹}.
 *   <li>Radius (Theorem 5.1, {@link ConfidenceRadius#dynLinUcb}): β_t = c1 √λ + (c2/√λ) ln(e(t+1)) +
 *       √(2 σ̃² (ln(1/δ) + (d/2) ln(1 + t Ū²/(dλ)))), c1 = Θ + Ω B̄ Φ̄/(1−ρ̄), c2 = Ū Ω Φ̄ (Ū B̄/(1−ρ̄) +
 *       X̄), X̄ = Ū/(1−ρ̄), σ̃² = σ²(1 + Ω²Φ̄²/(1−ρ̄²)), t = rounds played so far, d = p, Ū = max arm norm.
 * </ul>
 *
 * The constants come from {@link DynLinBounds} (configured upper bounds in production, never read
 * from the environment's truth here). The paper runs λ = 1 and λ = ln T.
 */
public final class DynLinUcb extends AbstractPolicy {
  private final double rhoBar;
  private final ConfidenceRadius beta;
  final RidgeRegression ridge; // package-private for IncrementalNormTest
  private final Rng rng;

  /** Current block, from 1 (0 before the first decision). */
  private long m;

  /** Round (from 0) at which the current block ends and its reward is regressed. */
  private long blockEnd = -1;

  public DynLinUcb(String name, ArmSet arms, DynLinBounds bounds, double lambda, long seed) {
    super(name, arms);
    this.rhoBar = bounds.rhoBar();
    this.beta = ConfidenceRadius.dynLinUcb(bounds, arms.maxNorm(), d, lambda);
    this.ridge = new RidgeRegression(arms, lambda);
    this.rng = new Rng(seed);
  }

  /** {@code new DynLinUcb("DynLin-UCB", arms, bounds, lambda, seed)}. */
  public DynLinUcb(ArmSet arms, DynLinBounds bounds, double lambda, long seed) {
    this("DynLin-UCB", arms, bounds, lambda, seed);
  }

  /** β_t of this instance. */
  public double beta(long t) {
    return beta.at(t);
  }

  @Override
  protected int decide() {
    if (m > 0 && round <= blockEnd) {
      lastNew = false; // hold the block's action; diagnostics stay those of the decision
      return lastArm;
    }
    m++;
    blockEnd = BlockSchedule.nextEnd(blockEnd, m, rhoBar);
    double b = beta.at(round);
    int arm;
    if (m == 1) {
      arm = rng.nextInt(arms.size());
      uniformDecision = true;
      ridge.describe(arms.row(arm), b);
    } else {
      arm = ridge.argmaxUcb(b);
    }
    lastNew = true;
    lastBlock = m - 1;
    lastExpected = ridge.chosenMean;
    lastWidth = ridge.chosenWidth;
    return arm;
  }

  @Override
  protected void learn(double reward) {
    if (round == blockEnd) {
      ridge.update(arms.row(lastArm), reward);
    }
  }

  /** A copy of the current estimate ĥ. */
  public double[] estimate() {
    return ridge.hHat.clone();
  }

  @Override
  protected void writeBody(DataOutput out) throws IOException {
    rng.writeState(out);
    out.writeLong(m);
    out.writeLong(blockEnd);
    ridge.write(out);
  }

  @Override
  protected void readBody(DataInput in) throws IOException {
    rng.readState(in);
    m = in.readLong();
    blockEnd = in.readLong();
    ridge.read(in);
  }
}
