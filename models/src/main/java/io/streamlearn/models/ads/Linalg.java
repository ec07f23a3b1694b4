package io.streamlearn.models.ads;

/**
 * Small dense linear algebra on plain {@code double[][]} for the environment's ground truth
 * (n, p up to ~16). Not used in the policies' hot paths, which work on flattened arrays.
 */
public final class Linalg {
  private Linalg() {}

  public static double[][] copy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }

  public static double[][] identity(int n) {
    double[][] r = new double[n][n];
    for (int i = 0; i < n; i++) {
      r[i][i] = 1;
    }
    return r;
  }

  public static double[][] multiply(double[][] a, double[][] b) {
    int n = a.length;
    int k = b.length;
    int m = b[0].length;
    double[][] r = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int l = 0; l < k; l++) {
        double v = a[i][l];
        if (v == 0) {
          continue;
        }
        for (int j = 0; j < m; j++) {
          r[i][j] += v * b[l][j];
        }
      }
    }
    return r;
  }

  public static double[][] transpose(double[][] a) {
    double[][] t = new double[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        t[j][i] = a[i][j];
      }
    }
    return t;
  }

  /** {@code Mᵀ 1}: the column sums. */
  public static double[] columnSums(double[][] m) {
    double[] s = new double[m[0].length];
    for (double[] row : m) {
      for (int j = 0; j < row.length; j++) {
        s[j] += row[j];
      }
    }
    return s;
  }

  public static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  public static double frobenius(double[][] a) {
    double s = 0;
    for (double[] row : a) {
      for (double x : row) {
        s += x * x;
      }
    }
    return Math.sqrt(s);
  }

  /** Solves {@code M x = b} by Gaussian elimination with partial pivoting. */
  public static double[] solve(double[][] m, double[] b) {
    int n = m.length;
    double[][] a = copy(m);
    double[] x = b.clone();
    for (int c = 0; c < n; c++) {
      int piv = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
          piv = r;
        }
      }
      if (a[piv][c] == 0) {
        throw new IllegalArgumentException("singular matrix");
      }
      double[] tr = a[c];
      a[c] = a[piv];
      a[piv] = tr;
      double tb = x[c];
      x[c] = x[piv];
      x[piv] = tb;
      for (int r = c + 1; r < n; r++) {
        double f = a[r][c] / a[c][c];
        if (f == 0) {
          continue;
        }
        for (int k = c; k < n; k++) {
          a[r][k] -= f * a[c][k];
        }
        x[r] -= f * x[c];
      }
    }
    for (int r = n - 1; r >= 0; r--) {
      double s = x[r];
      for (int k = r + 1; k < n; k++) {
        s -= a[r][k] * x[k];
      }
      x[r] = s / a[r][r];
    }
    return x;
  }

  /** Eigenvalues of a symmetric matrix by cyclic Jacobi rotations (unsorted). */
  public static double[] symmetricEigenvalues(double[][] s) {
    int n = s.length;
    double[][] a = copy(s);
    for (int sweep = 0; sweep < 100; sweep++) {
      double off = 0;
      double diag = 0;
      for (int i = 0; i < n; i++) {
        diag += a[i][i] * a[i][i];
        for (int j = i + 1; j < n; j++) {
          off += a[i][j] * a[i][j];
        }
      }
      if (off <= 1e-32 * diag || off == 0) {
        break;
      }
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          double apq = a[p][q];
          if (apq == 0) {
            continue;
          }
          double theta = (a[q][q] - a[p][p]) / (2 * apq);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(t * t + 1);
          double sn = t * c;
          for (int k = 0; k < n; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - sn * akq;
            a[k][q] = sn * akp + c * akq;
          }
          for (int k = 0; k < n; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - sn * aqk;
            a[q][k] = sn * apk + c * aqk;
          }
        }
      }
    }
    double[] ev = new double[n];
    for (int i = 0; i < n; i++) {
      ev[i] = a[i][i];
    }
    return ev;
  }

  /** Spectral norm ‖M‖₂ = sqrt(λmax(MᵀM)). */
  public static double spectralNorm(double[][] m) {
    double[][] mtm = multiply(transpose(m), m);
    double mx = 0;
    for (double e : symmetricEigenvalues(mtm)) {
      mx = Math.max(mx, e);
    }
    return Math.sqrt(mx);
  }

  /**
   * Spectral radius max |λ_i(A)| of a general real square matrix (complex eigenvalues allowed).
   * Triangular (e.g. diagonal) matrices are read off the diagonal, exactly. Otherwise Gelfand's
   * formula ρ = lim ‖A^k‖^{1/k} with k = 2^j by repeated squaring with renormalisation (log-scale
   * kept apart, so nothing overflows or underflows); after 60 squarings the error
   * ln(poly(k)·cond)/k is below double precision, and each step's rounding enters divided by 2^j.
   */
  public static double spectralRadius(double[][] a) {
    int n = a.length;
    boolean upper = true;
    boolean lower = true;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (a[i][j] != 0) {
          if (i > j) {
            upper = false;
          } else if (i < j) {
            lower = false;
          }
        }
      }
    }
    if (upper || lower) {
      double r = 0;
      for (int i = 0; i < n; i++) {
        r = Math.max(r, Math.abs(a[i][i]));
      }
      return r;
    }
    double f = frobenius(a);
    if (f == 0) {
      return 0;
    }
    double[][] m = copy(a);
    scale(m, 1 / f);
    double logNorm = Math.log(f); // ln ‖A^(2^j)‖_F
    double estimate = f;
    for (int j = 1; j <= 60; j++) {
      m = multiply(m, m);
      double g = frobenius(m);
      if (g == 0) {
        return 0; // nilpotent
      }
      scale(m, 1 / g);
      logNorm = 2 * logNorm + Math.log(g);
      estimate = Math.exp(logNorm / Math.pow(2, j));
    }
    return estimate;
  }

  /** Φ = sup_{i=1..maxPower} ‖A^i‖₂ / ρ^i, computed as ‖(A/ρ)^i‖₂ so nothing underflows. */
  public static double phi(double[][] a, double rho, int maxPower) {
    int n = a.length;
    if (rho == 0) {
      return 1; // nilpotent: Φ undefined; the bound only needs ρ and Φ to be an upper bound on the decay
    }
    double[][] scaled = copy(a);
    scale(scaled, 1 / rho);
    double[][] p = identity(n);
    double best = 0;
    for (int i = 1; i <= maxPower; i++) {
      p = multiply(p, scaled);
      double v = spectralNorm(p);
      if (Double.isFinite(v)) {
        best = Math.max(best, v);
      }
    }
    return best;
  }

  public static void scale(double[][] m, double s) {
    for (double[] row : m) {
      for (int j = 0; j < row.length; j++) {
        row[j] *= s;
      }
    }
  }

  /**
   * In-place Gauss-Jordan inverse of the d×d row-major matrix {@code a} into {@code inv}, with
   * partial pivoting; {@code a} is destroyed. No allocation.
   */
  public static void invertInPlace(double[] a, double[] inv, int d) {
    for (int i = 0; i < d * d; i++) {
      inv[i] = 0;
    }
    for (int i = 0; i < d; i++) {
      inv[i * d + i] = 1;
    }
    for (int c = 0; c < d; c++) {
      int piv = c;
      double best = Math.abs(a[c * d + c]);
      for (int r = c + 1; r < d; r++) {
        double v = Math.abs(a[r * d + c]);
        if (v > best) {
          best = v;
          piv = r;
        }
      }
      if (best == 0) {
        throw new IllegalStateException("singular matrix");
      }
      if (piv != c) {
        for (int k = 0; k < d; k++) {
          double t = a[c * d + k];
          a[c * d + k] = a[piv * d + k];
          a[piv * d + k] = t;
          t = inv[c * d + k];
          inv[c * d + k] = inv[piv * d + k];
          inv[piv * d + k] = t;
        }
      }
      double pv = 1 / a[c * d + c];
      for (int k = 0; k < d; k++) {
        a[c * d + k] *= pv;
        inv[c * d + k] *= pv;
      }
      for (int r = 0; r < d; r++) {
        if (r == c) {
          continue;
        }
        double f = a[r * d + c];
        if (f == 0) {
          continue;
        }
        for (int k = 0; k < d; k++) {
          a[r * d + k] -= f * a[c * d + k];
          inv[r * d + k] -= f * inv[c * d + k];
        }
      }
    }
  }
}
