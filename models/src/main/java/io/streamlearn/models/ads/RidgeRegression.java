package io.streamlearn.models.ads;

import io.streamlearn.models.StateIO;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Regularised least squares for the UCB learners over a fixed {@link ArmSet}: V = λI + Σ u uᵀ, b =
 * Σ u y, ĥ = V⁻¹ b, with V⁻¹ kept directly and updated by Sherman-Morrison, V⁻¹ ← V⁻¹ − k kᵀ / (1 +
 * q), k = V⁻¹u, q = uᵀV⁻¹u, written symmetrically so V⁻¹ stays exactly symmetric. Plain arrays,
 * preallocated, no allocation. Only for learners whose V changes by rank-1 updates (LinUCB,
 * DynLin-UCB); D-LinUCB's discounted V is not (it keeps its own exact recomputation, {@link DLinUcb}).
 *
 * <p><b>Incremental arm norms.</b> The UCB argmax needs s_a = aᵀV⁻¹a for every arm; recomputing
 * them costs O(K d²) per decision, too slow for a per-round goal of ≤ 2 µs ({@code bench models},
 * README). The forms are therefore cached and downdated with each update: V⁻¹ loses k kᵀ/(1+q), so
 * s_a ← s_a − (aᵀk)²/(1+q), O(K d) per update; they are recomputed exactly every {@link #REFRESH}
 * updates (and on {@link #read}) against rounding drift. A round then costs O(K d + d²) and allocates
 * nothing. The O(K d) loops run over the arms (arm components stored by column) so that C2
 * vectorises them.
 *
 * <p><b>Same choices as the exact computation.</b> The cached forms differ from the exact ones
 * ({@link #norm}) by rounding only, and {@link #err} is a running upper bound of that difference
 * (derived below). {@link #argmaxUcb} ranks the arms with the cached forms, then re-evaluates
 * exactly, in arm order, every arm whose cached UCB is within the bound's margin of the best one;
 * the exact argmax is always among those, so the returned arm, {@link #chosenMean} and {@link
 * #chosenWidth} are bit-identical to {@link #argmaxUcbExact} (the former, O(K d²) argmax), near-ties
 * and exact ties included. The cache is thus derived state: it is not written, {@link #read}
 * rebuilds it, and a restored learner continues bit-identically.
 */
final class RidgeRegression {
  /** Updates between exact recomputations of the cached forms. */
  static final int REFRESH = 4096;

  /** Unit roundoff of double. */
  private static final double U = 0x1p-53;

  /**
   * Relative tie tolerance of the argmax: UCBs within this of the maximum are ties, and ties go to
   * the first arm. Arm sets are symmetric, so exact ties are common in the first rounds, and
   * rounding alone (numpy's or ours) must not decide them.
   */
  static final double TIE = 1e-12;

  /** Factor on the error bound's terms. */
  private static final double SAFETY = 4;

  /** Relative slack on the margins (covers the rounding of the bound's own arithmetic). */
  private static final double SLACK = 1e-6;

  final int d;
  /**
   * V⁻¹ by rows, vInv[i][j]. It is kept exactly (bitwise) symmetric, so Σⱼ V⁻¹ᵢⱼ xⱼ can be summed
   * as Σⱼ V⁻¹ⱼᵢ xⱼ: the same numbers added in the same order, but as axpy loops over rows that C2
   * vectorises (as are all the loops that run over one index of two distinct arrays).
   */
  final double[][] vInv;
  final double[] b;
  final double[] hHat;
  private final double[] k;
  private final double[] t; // scratch: V⁻¹a of the exact form

  private final int nArms;
  private final double[] arms; // K × d row-major copy of the arm set, for the exact forms
  /**
   * cols[j][a] = component j of arm a: the O(K d) passes loop over the arms, y[a] += x · cols[j][a],
   * which C2 vectorises (same index in both arrays; the flat-offset form is not vectorised).
   */
  private final double[][] cols;
  /** s_a ≈ aᵀV⁻¹a, within {@link #err} of what {@link #norm} squares. */
  final double[] quad;
  private final double[] ucb; // scratch: cached UCB per arm
  private final double[] width; // scratch: √max(0, s_a) per arm
  private final double[] dots; // scratch: aᵀk per arm
  private final double[] exact; // scratch: exact UCB of the candidates (NaN: not a candidate)

  /** A₁² = (max_a ‖a‖₁)², the scale of every error term. */
  private final double a1Sq;

  /** Upper bound of |quad[a] − (the form norm(a) takes the root of)| over the arms. */
  double err;

  private int sinceRefresh;

  /** Arms evaluated exactly by {@link #argmaxUcb} so far (≥ 1 per call; diagnostics, tests). */
  long exactEvaluations;

  /**
   * Error bound {@link #err}, data-dependent so it shrinks with V⁻¹. With u = 2⁻⁵³, A₁ = max_a
   * ‖a‖₁ and D = max_i V⁻¹ᵢᵢ ≥ max |V⁻¹ᵢⱼ| (V⁻¹ is positive definite): norm()'s form (a dot product
   * of dot products) is within (2d + 2)u·A₁²D of aᵀV⁻¹a, counted at the refresh and at the decision.
   * One update, with k the computed V⁻¹u, κ = max |kⱼ| (so |aᵀk| ≤ A₁κ) and ι = 1/(1+q) ≤ 1, moves
   * the cached form away from the form of the stored V⁻¹ by at most: the rounding of aᵀk, its
   * square and the product with ι, (2d + 3)u·(A₁κ)²ι; of s_a − c²ι, u·max_a s_a; the rounding of
   * the stored V⁻¹ −= k kᵀι seen through a, 2u·(A₁κ)²ι + u·A₁²D, and as much again for the symmetry
   * mirror. (k and ι are the same rounded numbers in the matrix and in the forms, so their own
   * rounding cancels.) Everything is multiplied by {@link #SAFETY}; IncrementalNormTest checks that
   * the drift stays within the bound.
   */
  RidgeRegression(ArmSet armSet, double lambda) {
    if (!(lambda > 0)) {
      throw new IllegalArgumentException("lambda must be > 0: " + lambda);
    }
    this.d = armSet.dimension();
    this.nArms = armSet.size();
    this.vInv = new double[d][d];
    this.b = new double[d];
    this.hHat = new double[d];
    this.k = new double[d];
    this.t = new double[d];
    this.arms = new double[nArms * d];
    this.cols = new double[d][nArms];
    this.dots = new double[nArms];
    this.quad = new double[nArms];
    this.ucb = new double[nArms];
    this.width = new double[nArms];
    this.exact = new double[nArms];
    double a1 = 0;
    for (int i = 0; i < nArms; i++) {
      double s = 0;
      for (int j = 0; j < d; j++) {
        arms[i * d + j] = armSet.get(i, j);
        cols[j][i] = armSet.get(i, j);
        s += Math.abs(armSet.get(i, j));
      }
      a1 = Math.max(a1, s);
    }
    this.a1Sq = a1 * a1;
    for (int i = 0; i < d; i++) {
      vInv[i][i] = 1 / lambda;
    }
    refresh();
  }

  /** V ← V + u uᵀ, b ← b + u y, ĥ = V⁻¹ b; the cached forms follow. */
  void update(double[] u, double y) {
    multiply(u, k); // k = V⁻¹u
    double q = 0;
    double kInf = 0;
    for (int i = 0; i < d; i++) {
      q += u[i] * k[i];
      kInf = Math.max(kInf, Math.abs(k[i]));
    }
    double inv = 1 / (1 + q);
    for (int i = 0; i < d; i++) {
      double ki = k[i] * inv;
      double[] row = vInv[i];
      for (int j = 0; j < d; j++) {
        row[j] -= ki * k[j];
      }
    }
    // keep exact symmetry against rounding: mirror the upper triangle
    for (int i = 0; i < d; i++) {
      for (int j = i + 1; j < d; j++) {
        vInv[j][i] = vInv[i][j];
      }
    }
    for (int i = 0; i < d; i++) {
      b[i] += u[i] * y;
    }
    multiply(b, hHat);
    if (++sinceRefresh >= REFRESH) {
      refresh();
      return;
    }
    // s_a ← s_a − (aᵀk)² / (1 + q); aᵀk summed over j in order for each arm, the arms side by side
    // (the inner loops run over the arms and vectorise)
    Arrays.fill(dots, 0);
    for (int j = 0; j < d; j++) {
      double kj = k[j];
      double[] col = cols[j];
      for (int a = 0; a < nArms; a++) {
        dots[a] += col[a] * kj;
      }
    }
    double sMax = 0;
    for (int a = 0; a < nArms; a++) {
      double c = dots[a];
      double s = quad[a] - c * c * inv;
      quad[a] = s;
      sMax = Math.max(sMax, Math.abs(s));
    }
    double ck = a1Sq * kInf * kInf * inv;
    err += SAFETY * U * ((2 * d + 7) * ck + sMax + 2 * a1Sq * diagMax());
  }

  /** max_i V⁻¹ᵢᵢ, which bounds every |V⁻¹ᵢⱼ|. */
  private double diagMax() {
    double m = 0;
    for (int i = 0; i < d; i++) {
      m = Math.max(m, Math.abs(vInv[i][i]));
    }
    return m;
  }

  /** Recomputes every cached form exactly (bitwise what {@link #norm} squares). */
  private void refresh() {
    sinceRefresh = 0;
    for (int a = 0; a < nArms; a++) {
      quad[a] = form(arms, a * d);
    }
    err = SAFETY * 2 * (2 * d + 2) * U * a1Sq * diagMax();
  }

  /**
   * into = V⁻¹x, each (V⁻¹x)ᵢ = Σⱼ V⁻¹ᵢⱼ xⱼ summed over j in order (by symmetry, as V⁻¹ⱼᵢ xⱼ: the
   * same sums as the row-by-row loop, bit for bit).
   */
  private void multiply(double[] x, double[] into) {
    Arrays.fill(into, 0);
    for (int j = 0; j < d; j++) {
      double xj = x[j];
      double[] row = vInv[j];
      for (int i = 0; i < d; i++) {
        into[i] += row[i] * xj;
      }
    }
  }

  /**
   * aᵀV⁻¹a for the arm starting at {@code x[off]}, the exact recomputation: Σᵢ aᵢ (Σⱼ V⁻¹ᵢⱼ aⱼ),
   * both sums in index order.
   */
  private double form(double[] x, int off) {
    Arrays.fill(t, 0);
    for (int j = 0; j < d; j++) {
      double xj = x[off + j];
      double[] row = vInv[j];
      for (int i = 0; i < d; i++) {
        t[i] += row[i] * xj;
      }
    }
    double q = 0;
    for (int i = 0; i < d; i++) {
      q += x[off + i] * t[i];
    }
    return q;
  }

  /** ⟨ĥ, a⟩. */
  double mean(double[] a) {
    double s = 0;
    for (int i = 0; i < d; i++) {
      s += hHat[i] * a[i];
    }
    return s;
  }

  /** ‖a‖_{V⁻¹} = √(aᵀV⁻¹a) (clamped at 0 against rounding), computed exactly from V⁻¹. */
  double norm(double[] a) {
    return Math.sqrt(Math.max(0, form(a, 0)));
  }

  /** ⟨ĥ, a⟩ of the arm chosen by the last {@link #argmaxUcb} call. */
  double chosenMean;

  /** β‖a‖_{V⁻¹} of the arm chosen by the last {@link #argmaxUcb} call. */
  double chosenWidth;

  /**
   * argmax_a ⟨ĥ, a⟩ + β ‖a‖_{V⁻¹} over the arms (ties, UCBs within {@link #TIE} of the maximum, to
   * the first arm); records the winner's two
   * terms in {@link #chosenMean} and {@link #chosenWidth}. Same result, bit for bit, as {@link
   * #argmaxUcbExact}, in O(K d + c d²) with c the (usually one) arms within rounding of the best.
   *
   * <p>Why: with the cached width wᵢ = √max(0, sᵢ) and E = {@link #err}, the exact width differs by
   * at most δᵢ = min(√E, E/wᵢ) (|√x − √y| ≤ √|x − y| and = |x − y|/(√x + √y)), so the exact UCB
   * differs from the cached vᵢ by at most mᵢ = |β|δᵢ plus the rounding of mean + width. If b is the
   * cached best, the exact argmax a* has v_{a*} + m_{a*} ≥ exact(a*) ≥ exact(b) ≥ v_b − m_b, and so
   * has every arm tied with it: the candidates vᵢ + mᵢ ≥ v_b − m_b contain them all (widened by twice
   * the tie tolerance, so they also contain every arm tied with a*), and the first candidate in arm
   * order within the tolerance of the exact maximum is the exact argmax.
   */
  int argmaxUcb(double beta) {
    // ⟨ĥ, a⟩ for all arms, each summed over j in order (bit-identical to mean(a)), vectorised over arms
    Arrays.fill(ucb, 0);
    for (int j = 0; j < d; j++) {
      double hj = hHat[j];
      double[] col = cols[j];
      for (int i = 0; i < nArms; i++) {
        ucb[i] += hj * col[i];
      }
    }
    for (int i = 0; i < nArms; i++) {
      double w = Math.sqrt(Math.max(0, quad[i]));
      width[i] = w;
      ucb[i] += beta * w;
    }
    int best = 0;
    double bestVal = ucb[0];
    boolean finite = Double.isFinite(bestVal);
    for (int i = 1; i < nArms; i++) {
      double v = ucb[i];
      finite &= Double.isFinite(v);
      if (v > bestVal) {
        best = i;
        bestVal = v;
      }
    }
    double e = err;
    double sqrtE = Math.sqrt(e);
    double absBeta = Math.abs(beta);
    if (!finite || !Double.isFinite(sqrtE)) { // the bound argument needs finite numbers
      return argmaxUcbExact(beta);
    }
    double mb = margin(best, absBeta, e, sqrtE);
    // every arm whose exact UCB may lie within the tie tolerance of the exact maximum
    double threshold = bestVal - mb - 2 * TIE * (Math.abs(bestVal) + mb);
    double coarse = absBeta * sqrtE * (1 + SLACK) + Double.MIN_NORMAL; // ≥ every margin's first term
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < nArms; i++) {
      double v = ucb[i];
      double rounding = 8 * U * (Math.abs(v) + absBeta * width[i]);
      exact[i] = Double.NaN;
      if (v + coarse + rounding < threshold || v + margin(i, absBeta, e, sqrtE) < threshold) {
        continue;
      }
      // exactly as argmaxUcbExact
      exactEvaluations++;
      exact[i] = mean(arms, i * d) + beta * Math.sqrt(Math.max(0, form(arms, i * d)));
      max = Math.max(max, exact[i]);
    }
    for (int i = 0; i < nArms; i++) {
      if (exact[i] >= max - TIE * Math.abs(max)) {
        return choose(i, beta);
      }
    }
    throw new IllegalStateException("no candidate arm");
  }

  /** Records the chosen arm's two terms as {@link #argmaxUcbExact} computes them. */
  private int choose(int i, double beta) {
    chosenMean = mean(arms, i * d);
    chosenWidth = beta * Math.sqrt(Math.max(0, form(arms, i * d)));
    return i;
  }

  /** m_i of {@link #argmaxUcb}: bound on |cached UCB − exact UCB| of arm i. */
  private double margin(int i, double absBeta, double e, double sqrtE) {
    double w = width[i];
    double delta = w > 0 ? Math.min(sqrtE, e / w) : sqrtE;
    return absBeta * delta * (1 + SLACK)
        + 8 * U * (Math.abs(ucb[i]) + absBeta * w)
        + Double.MIN_NORMAL;
  }

  private double mean(double[] x, int off) {
    double s = 0;
    for (int i = 0; i < d; i++) {
      s += hHat[i] * x[off + i];
    }
    return s;
  }

  /**
   * The UCB argmax with every form recomputed from V⁻¹, O(K d²): the reference {@link #argmaxUcb}
   * reproduces, and its fallback when something is not finite.
   */
  int argmaxUcbExact(double beta) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < nArms; i++) {
      exact[i] = mean(arms, i * d) + beta * Math.sqrt(Math.max(0, form(arms, i * d)));
      max = Math.max(max, exact[i]);
    }
    for (int i = 0; i < nArms; i++) {
      if (exact[i] >= max - TIE * Math.abs(max)) {
        return choose(i, beta);
      }
    }
    return choose(0, beta); // every UCB NaN
  }

  /** Records the two terms for an arm chosen otherwise (e.g. the random first arm). */
  void describe(double[] a, double beta) {
    chosenMean = mean(a);
    chosenWidth = beta * norm(a);
  }

  /** The cache is derived state: not written, rebuilt exactly by {@link #read}. */
  void write(DataOutput out) throws IOException {
    out.writeInt(d * d); // V⁻¹ row-major, as StateIO.writeArray of a flat d × d array
    for (double[] row : vInv) {
      for (double v : row) {
        out.writeDouble(v);
      }
    }
    StateIO.writeArray(out, b);
    StateIO.writeArray(out, hHat);
  }

  void read(DataInput in) throws IOException {
    int len = in.readInt();
    if (len != d * d) {
      throw new IOException("array of length " + len + ", expected " + d * d);
    }
    for (double[] row : vInv) {
      for (int j = 0; j < d; j++) {
        row[j] = in.readDouble();
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = i + 1; j < d; j++) {
        if (Double.doubleToRawLongBits(vInv[i][j]) != Double.doubleToRawLongBits(vInv[j][i])) {
          throw new IOException("V⁻¹ in the state is not symmetric at (" + i + ", " + j + ")");
        }
      }
    }
    StateIO.readArray(in, b);
    StateIO.readArray(in, hHat);
    refresh();
  }
}
