package io.streamlearn.lab.ads;

/**
 * The constants the authors' {@code scripts/main.py} derives for Exp3, Batch-Exp3 and AR2 from
 * {@code max(np.linalg.eigvals(A))}. numpy orders complex numbers by real part, then imaginary part,
 * so on a matrix with complex eigenvalues that "spectral radius" is the complex eigenvalue λ with
 * the largest real part (real data: 0.6139 + 0.2605i, where ρ = |λ| = 0.6669), and the script
 * computes with it in complex arithmetic, keeping the real part wherever a float is needed:
 *
 * <ul>
 *   <li>Exp3's scale M = (Θ + Ω B̄/(1 − λ)) Ū is complex; its reward (r + 2M)/(4M) enters a float
 *       array, i.e. its real part r/(4 M_eff) + ½ with M_eff = 1/Re(1/M) ({@link #exp3Scale});
 *   <li>Batch-Exp3's block count and batch size take floor and ceil of Re(ln m / ln(1/λ))
 *       ({@link #batchSize}), about half the lengths |λ| gives;
 *
 *   <li>AR2 gets that λ as its α ({@link io.streamlearn.models.ads.Ar2}'s complex constructor).
 * </ul>
 *
 * For a real λ every formula reduces to the real one. For the ρ̄ misspecification study λ is scaled
 * by ρ̄/ρ, its phase kept.
 */
final class AuthorsConstants {
  private final double re;
  private final double im;

  private AuthorsConstants(double re, double im) {
    this.re = re;
    this.im = im;
  }

  /** λ for {@code a} as numpy's max picks it, times {@code factor}. */
  static AuthorsConstants of(double[][] a, double factor) {
    double[][] eig = eigenvalues(a);
    double[] pick = eig[0];
    for (double[] e : eig) {
      boolean sameRe = Math.abs(e[0] - pick[0]) <= 1e-12 * Math.max(1, Math.abs(pick[0]));
      if ((!sameRe && e[0] > pick[0]) || (sameRe && e[1] > pick[1])) {
        pick = e;
      }
    }
    return new AuthorsConstants(pick[0] * factor, pick[1] * factor);
  }

  double re() {
    return re;
  }

  double im() {
    return im;
  }

  /** M_eff = 1/Re(1/M) with M = (Θ + Ω B̄/(1 − λ)) Ū. */
  double exp3Scale(double theta, double omega, double bBar, double uBar) {
    double[] inv = reciprocal(1 - re, -im); // 1/(1 − λ)
    double mRe = (theta + omega * bBar * inv[0]) * uBar;
    double mIm = omega * bBar * inv[1] * uBar;
    return 1 / reciprocal(mRe, mIm)[0];
  }

  /** Batch-Exp3's S = ⌈Re(ln N / ln(1/λ))⌉, N blocks of length 1 + ⌊Re(ln m / ln(1/λ))⌋ added until T. */
  int batchSize(long horizon) {
    double[] inv = reciprocal(re, im);
    double lRe = Math.log(Math.hypot(inv[0], inv[1]));
    double lIm = Math.atan2(inv[1], inv[0]);
    double perLog = reciprocal(lRe, lIm)[0]; // Re(1 / ln(1/λ))
    long m = 0;
    long sum = 0;
    while (sum < horizon) {
      m++;
      sum += 1 + (long) Math.floor(Math.log(m) * perLog);
    }
    return (int) Math.max(1, Math.ceil(Math.log(m) * perLog));
  }

  private static double[] reciprocal(double r, double i) {
    double d = r * r + i * i;
    return new double[] {r / d, -i / d};
  }

  /**
   * All eigenvalues {re, im} of a small real matrix: the characteristic polynomial by
   * Faddeev–LeVerrier, its roots by Durand–Kerner. Ample for the authors' 3 × 3 systems.
   */
  static double[][] eigenvalues(double[][] a) {
    int n = a.length;
    double[] c = new double[n + 1]; // p(x) = Σ c_k x^k, c_n = 1
    c[n] = 1;
    double[][] mk = new double[n][n];
    for (int k = 1; k <= n; k++) {
      double[][] next = new double[n][n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          double s = 0;
          for (int l = 0; l < n; l++) {
            s += a[i][l] * mk[l][j];
          }
          next[i][j] = s + (i == j ? c[n - k + 1] : 0);
        }
      }
      double tr = 0;
      for (int i = 0; i < n; i++) {
        for (int l = 0; l < n; l++) {
          tr += a[i][l] * next[l][i];
        }
      }
      c[n - k] = -tr / k;
      mk = next;
    }
    double[][] z = new double[n][2];
    double[] w = {1, 0};
    for (int i = 0; i < n; i++) {
      z[i] = w.clone();
      w = mul(w, new double[] {0.4, 0.9});
    }
    for (int iter = 0; iter < 2000; iter++) {
      for (int i = 0; i < n; i++) {
        double[] p = {c[n], 0};
        for (int k = n - 1; k >= 0; k--) {
          p = mul(p, z[i]);
          p[0] += c[k];
        }
        double[] q = {1, 0};
        for (int j = 0; j < n; j++) {
          if (j != i) {
            q = mul(q, new double[] {z[i][0] - z[j][0], z[i][1] - z[j][1]});
          }
        }
        double[] r = reciprocal(q[0], q[1]);
        double[] step = mul(p, r);
        z[i][0] -= step[0];
        z[i][1] -= step[1];
      }
    }
    for (double[] e : z) {
      if (Math.abs(e[1]) < 1e-12) {
        e[1] = 0;
      }
    }
    return z;
  }

  private static double[] mul(double[] x, double[] y) {
    return new double[] {x[0] * y[0] - x[1] * y[1], x[0] * y[1] + x[1] * y[0]};
  }
}
