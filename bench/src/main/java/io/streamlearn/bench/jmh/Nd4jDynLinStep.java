package io.streamlearn.bench.jmh;

import io.streamlearn.models.ads.ArmSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One DynLin-UCB round (per-round blocks, ρ̄ = 0) written with ND4J, used only to compare against
 * the plain-array implementation in the models module. It mirrors the math of the models'
 * {@code RidgeRegression}: V⁻¹ kept directly and updated by Sherman-Morrison, V⁻¹ ← V⁻¹ − k kᵀ / (1
 * + uᵀk) with k = V⁻¹u, b ← b + u y, ĥ = V⁻¹ b; and its UCB argmax, argmax_a ⟨ĥ, a⟩ + β √max(0,
 * aᵀV⁻¹a), here vectorised over the whole K × d arm matrix (one gemm for the means, one for A V⁻¹,
 * one for the row sums of (A V⁻¹) ∘ A). The plain-array learner instead caches each arm's aᵀV⁻¹a
 * and downdates it per update (O(K d)); ND4J recomputes them because a per-arm downdate would be
 * another few ops at 20–40 µs each, more than the gemm it replaces.
 *
 * <p>It is written the way one would write it with ND4J to be fast: double precision,
 * preallocated result arrays, in-place ops and {@code Nd4j.gemm} into existing buffers (the rank-1
 * downdate is a single gemm with α = −1/(1+q), β = 1). The symmetry mirror of RidgeRegression (copy
 * the upper triangle over the lower) is left out: it would cost ND4J one more op per round, so the
 * comparison favours ND4J slightly. Ties and the first round's random arm are the caller's concern.
 */
final class Nd4jDynLinStep {
  private final int d;
  private final int k;
  private final INDArray arms; // K × d
  private final INDArray vInv; // d × d
  private final INDArray b; // 1 × d
  private final INDArray hHat; // 1 × d
  private final INDArray means; // K × 1
  private final INDArray av; // K × d, A V⁻¹ then (A V⁻¹) ∘ A
  private final INDArray onesD; // d × 1
  private final INDArray ucb; // K × 1
  private final INDArray kCol; // d × 1
  private final INDArray q; // 1 × 1
  private final INDArray[] rows; // views of the arm rows, 1 × d each
  private final INDArray scaled; // 1 × d, u y

  Nd4jDynLinStep(ArmSet armSet, double lambda) {
    this.d = armSet.dimension();
    this.k = armSet.size();
    double[][] a = new double[k][d];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < d; j++) {
        a[i][j] = armSet.get(i, j);
      }
    }
    this.arms = Nd4j.create(a);
    this.vInv = Nd4j.eye(d).castTo(DataType.DOUBLE).muli(1 / lambda);
    this.b = Nd4j.zeros(DataType.DOUBLE, 1, d);
    this.hHat = Nd4j.zeros(DataType.DOUBLE, 1, d);
    this.means = Nd4j.zeros(DataType.DOUBLE, k, 1);
    this.av = Nd4j.zeros(DataType.DOUBLE, k, d);
    this.onesD = Nd4j.ones(DataType.DOUBLE, d, 1);
    this.ucb = Nd4j.zeros(DataType.DOUBLE, k, 1);
    this.kCol = Nd4j.zeros(DataType.DOUBLE, d, 1);
    this.q = Nd4j.zeros(DataType.DOUBLE, 1, 1);
    this.scaled = Nd4j.zeros(DataType.DOUBLE, 1, d);
    this.rows = new INDArray[k];
    for (int i = 0; i < k; i++) {
      rows[i] = arms.getRow(i, true);
    }
  }

  int arms() {
    return k;
  }

  /** argmax_a ⟨ĥ, a⟩ + β √max(0, aᵀV⁻¹a). */
  int select(double beta) {
    Nd4j.gemm(arms, hHat, means, false, true, 1.0, 0.0); // A ĥ
    Nd4j.gemm(arms, vInv, av, false, false, 1.0, 0.0); // A V⁻¹ (V⁻¹ symmetric)
    av.muli(arms); // (A V⁻¹) ∘ A
    Nd4j.gemm(av, onesD, ucb, false, false, 1.0, 0.0); // row sums: aᵀV⁻¹a
    Transforms.max(ucb, 0.0, false);
    Transforms.sqrt(ucb, false);
    ucb.muli(beta).addi(means);
    return Nd4j.argMax(ucb).getInt(0);
  }

  /** V⁻¹ ← V⁻¹ − k kᵀ/(1 + uᵀk), k = V⁻¹u; b ← b + u y; ĥ = V⁻¹ b. */
  void update(int arm, double reward) {
    INDArray u = rows[arm];
    Nd4j.gemm(vInv, u, kCol, false, true, 1.0, 0.0); // k = V⁻¹ u
    Nd4j.gemm(u, kCol, q, false, false, 1.0, 0.0); // uᵀk
    double inv = 1 / (1 + q.getDouble(0));
    Nd4j.gemm(kCol, kCol, vInv, false, true, -inv, 1.0); // V⁻¹ − k kᵀ/(1+q)
    scaled.assign(u).muli(reward);
    b.addi(scaled);
    Nd4j.gemm(b, vInv, hHat, false, false, 1.0, 0.0); // ĥ = (b V⁻¹) = V⁻¹ b
  }

  /** A copy of ĥ. */
  double[] estimate() {
    return hHat.toDoubleVector();
  }

  int dimension() {
    return d;
  }
}
