package io.streamlearn.ops.bench;

import io.streamlearn.models.ads.ArmSet;

/**
 * A prototype, for the benchmark only: the same DynLin-UCB round as the models' plain-array
 * {@code RidgeRegression} (Sherman-Morrison on V⁻¹, UCB argmax), but keeping every arm's quadratic
 * form s_a = aᵀV⁻¹a up to date instead of recomputing it for each arm on every decision. After V⁻¹
 * ← V⁻¹ − k kᵀ/(1+q) with k = V⁻¹u, q = uᵀk, each form changes by a rank-1 term: s_a ← s_a − (aᵀk)²
 * / (1+q). A round thus costs O(K d + d²) instead of O(K d²): the argmax reads K means ⟨ĥ, a⟩ and
 * K stored forms, and the update adds K dot products aᵀk.
 *
 * <p>Rounding: the forms drift from aᵀV⁻¹a by accumulated rounding; they are recomputed from V⁻¹
 * every {@link #REFRESH} updates (an O(K d²) round, amortised). The symmetry mirror of
 * RidgeRegression is kept. Arms are stored as one row-major K × d array.
 */
final class IncrementalDynLinStep {
  /** Updates between exact recomputations of the quadratic forms. */
  static final int REFRESH = 4096;

  private final int d;
  private final int k;
  private final double[] arms; // K × d row-major
  private final double[] vInv;
  private final double[] b;
  private final double[] hHat;
  private final double[] kv;
  private final double[] quad; // s_a = aᵀV⁻¹a
  private int sinceRefresh;

  IncrementalDynLinStep(ArmSet armSet, double lambda) {
    this.d = armSet.dimension();
    this.k = armSet.size();
    this.arms = new double[k * d];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < d; j++) {
        arms[i * d + j] = armSet.get(i, j);
      }
    }
    this.vInv = new double[d * d];
    this.b = new double[d];
    this.hHat = new double[d];
    this.kv = new double[d];
    this.quad = new double[k];
    for (int i = 0; i < d; i++) {
      vInv[i * d + i] = 1 / lambda;
    }
    refresh();
  }

  /** argmax_a ⟨ĥ, a⟩ + β √max(0, s_a) (ties to the first arm). */
  int select(double beta) {
    int best = -1;
    double bestVal = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < k; i++) {
      int row = i * d;
      double mu = 0;
      for (int j = 0; j < d; j++) {
        mu += hHat[j] * arms[row + j];
      }
      double v = mu + beta * Math.sqrt(Math.max(0, quad[i]));
      if (v > bestVal || best < 0) {
        best = i;
        bestVal = v;
      }
    }
    return best;
  }

  /** Sherman-Morrison on V⁻¹ with arm {@code arm}, b ← b + u y, ĥ = V⁻¹ b, forms downdated. */
  void update(int arm, double y) {
    int u0 = arm * d;
    double q = 0;
    for (int i = 0; i < d; i++) {
      double s = 0;
      int row = i * d;
      for (int j = 0; j < d; j++) {
        s += vInv[row + j] * arms[u0 + j];
      }
      kv[i] = s;
      q += arms[u0 + i] * s;
    }
    double inv = 1 / (1 + q);
    for (int i = 0; i < d; i++) {
      double ki = kv[i] * inv;
      int row = i * d;
      for (int j = 0; j < d; j++) {
        vInv[row + j] -= ki * kv[j];
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = i + 1; j < d; j++) {
        vInv[j * d + i] = vInv[i * d + j];
      }
    }
    for (int i = 0; i < d; i++) {
      b[i] += arms[u0 + i] * y;
    }
    for (int i = 0; i < d; i++) {
      double s = 0;
      int row = i * d;
      for (int j = 0; j < d; j++) {
        s += vInv[row + j] * b[j];
      }
      hHat[i] = s;
    }
    if (++sinceRefresh >= REFRESH) {
      refresh();
      return;
    }
    for (int a = 0; a < k; a++) {
      int row = a * d;
      double c = 0;
      for (int j = 0; j < d; j++) {
        c += arms[row + j] * kv[j];
      }
      quad[a] -= c * c * inv;
    }
  }

  /** Recomputes every s_a = aᵀV⁻¹a exactly. */
  private void refresh() {
    sinceRefresh = 0;
    for (int a = 0; a < k; a++) {
      int row = a * d;
      double s = 0;
      for (int i = 0; i < d; i++) {
        double t = 0;
        int vr = i * d;
        for (int j = 0; j < d; j++) {
          t += vInv[vr + j] * arms[row + j];
        }
        s += arms[row + i] * t;
      }
      quad[a] = s;
    }
  }

  /** A copy of ĥ. */
  double[] estimate() {
    return hHat.clone();
  }
}
