package io.streamlearn.models.ads;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Regularised least squares for the UCB learners: V = λI + Σ u uᵀ, b = Σ u y, ĥ = V⁻¹ b, with V⁻¹
 * kept directly and updated by Sherman-Morrison, V⁻¹ ← V⁻¹ − (V⁻¹u)(V⁻¹u)ᵀ / (1 + uᵀV⁻¹u), written
 * symmetrically so V⁻¹ stays exactly symmetric. Row-major arrays, preallocated, no allocation.
 */
final class RidgeRegression {
  final int d;
  final double[] vInv;
  final double[] b;
  final double[] hHat;
  private final double[] k;

  RidgeRegression(int d, double lambda) {
    if (!(lambda > 0)) {
      throw new IllegalArgumentException("lambda must be > 0: " + lambda);
    }
    this.d = d;
    this.vInv = new double[d * d];
    this.b = new double[d];
    this.hHat = new double[d];
    this.k = new double[d];
    for (int i = 0; i < d; i++) {
      vInv[i * d + i] = 1 / lambda;
    }
  }

  /** V ← V + u uᵀ, b ← b + u y, ĥ = V⁻¹ b. */
  void update(double[] u, double y) {
    double q = 0;
    for (int i = 0; i < d; i++) {
      double s = 0;
      int row = i * d;
      for (int j = 0; j < d; j++) {
        s += vInv[row + j] * u[j];
      }
      k[i] = s;
      q += u[i] * s;
    }
    double inv = 1 / (1 + q);
    for (int i = 0; i < d; i++) {
      double ki = k[i] * inv;
      int row = i * d;
      for (int j = 0; j < d; j++) {
        vInv[row + j] -= ki * k[j];
      }
    }
    // keep exact symmetry against rounding: mirror the upper triangle
    for (int i = 0; i < d; i++) {
      for (int j = i + 1; j < d; j++) {
        vInv[j * d + i] = vInv[i * d + j];
      }
    }
    for (int i = 0; i < d; i++) {
      b[i] += u[i] * y;
    }
    for (int i = 0; i < d; i++) {
      double s = 0;
      int row = i * d;
      for (int j = 0; j < d; j++) {
        s += vInv[row + j] * b[j];
      }
      hHat[i] = s;
    }
  }

  /** ⟨ĥ, a⟩. */
  double mean(double[] a) {
    double s = 0;
    for (int i = 0; i < d; i++) {
      s += hHat[i] * a[i];
    }
    return s;
  }

  /** ‖a‖_{V⁻¹} = √(aᵀV⁻¹a) (clamped at 0 against rounding). */
  double norm(double[] a) {
    double q = 0;
    for (int i = 0; i < d; i++) {
      double s = 0;
      int row = i * d;
      for (int j = 0; j < d; j++) {
        s += vInv[row + j] * a[j];
      }
      q += a[i] * s;
    }
    return Math.sqrt(Math.max(0, q));
  }

  /** ⟨ĥ, a⟩ of the arm chosen by the last {@link #argmaxUcb} call. */
  double chosenMean;

  /** β‖a‖_{V⁻¹} of the arm chosen by the last {@link #argmaxUcb} call. */
  double chosenWidth;

  /**
   * argmax_a ⟨ĥ, a⟩ + β ‖a‖_{V⁻¹} over the arms (ties to the first arm); records the winner's two
   * terms in {@link #chosenMean} and {@link #chosenWidth}.
   */
  int argmaxUcb(ArmSet arms, double beta) {
    int best = -1;
    double bestVal = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < arms.size(); i++) {
      double[] a = arms.row(i);
      double mu = mean(a);
      double w = beta * norm(a);
      double v = mu + w;
      if (v > bestVal || best < 0) {
        best = i;
        bestVal = v;
        chosenMean = mu;
        chosenWidth = w;
      }
    }
    return best;
  }

  /** Records the two terms for an arm chosen otherwise (e.g. the random first arm). */
  void describe(double[] a, double beta) {
    chosenMean = mean(a);
    chosenWidth = beta * norm(a);
  }

  void write(DataOutput out) throws IOException {
    AbstractPolicy.writeArray(out, vInv);
    AbstractPolicy.writeArray(out, b);
    AbstractPolicy.writeArray(out, hHat);
  }

  void read(DataInput in) throws IOException {
    AbstractPolicy.readArray(in, vInv);
    AbstractPolicy.readArray(in, b);
    AbstractPolicy.readArray(in, hHat);
  }
}
