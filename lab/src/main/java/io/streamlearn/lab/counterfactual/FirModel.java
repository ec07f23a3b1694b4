package io.streamlearn.lab.counterfactual;

import io.streamlearn.models.ads.Linalg;

/**
 * The response of rewards to past allocations as a finite impulse response, fitted by least squares
 * on the action history: r_t = c + Σ_{k=0..L} G_k · u_{t−k} + e_t.
 *
 * <p>Why an FIR: the paper's system, y_t = C x_t + D u_t with x_{t+1} = A x_t + B u_t + noise, has
 * exactly this form with G_0 = D, G_k = C A^{k−1} B, plus noise; the G_k decay like ρ(A)^k, so a
 * finite L loses little, and the fit is linear least squares with nothing to iterate (a state-space
 * fit would need the state's dimension and a nonconvex search). The state noise makes e_t
 * autocorrelated, which the bootstrap respects by resampling residuals in blocks. Allocations that
 * always spend the same total make c and the sums of the G_k collinear; a tiny ridge picks one
 * solution, and predictions and value differences (hence regret) do not depend on which.
 */
public final class FirModel {

  private static final double RIDGE = 1e-8;

  private final int lags;
  private final int p;
  private final double[] beta; // c, then G_0 (p values), G_1, …

  private FirModel(int lags, int p, double[] beta) {
    this.lags = lags;
    this.p = p;
    this.beta = beta;
  }

  /** Fits on the rounds {@code [from, to)} that have their whole history inside the log (t ≥ L). */
  public static FirModel fit(double[][] u, double[] r, int lags, int from, int to) {
    int p = u[0].length;
    int dim = 1 + p * (lags + 1);
    double[][] xtx = new double[dim][dim];
    double[] xty = new double[dim];
    double[] x = new double[dim];
    for (int t = Math.max(from, lags); t < to; t++) {
      features(u, t, lags, x);
      for (int i = 0; i < dim; i++) {
        xty[i] += x[i] * r[t];
        for (int j = 0; j < dim; j++) {
          xtx[i][j] += x[i] * x[j];
        }
      }
    }
    for (int i = 1; i < dim; i++) {
      xtx[i][i] += RIDGE * Math.max(1, xtx[i][i]);
    }
    return new FirModel(lags, p, Linalg.solve(xtx, xty));
  }

  private static void features(double[][] u, int t, int lags, double[] x) {
    int p = u[0].length;
    x[0] = 1;
    for (int k = 0; k <= lags; k++) {
      for (int j = 0; j < p; j++) {
        x[1 + k * p + j] = t - k >= 0 ? u[t - k][j] : 0;
      }
    }
  }

  public int lags() {
    return lags;
  }

  /** The prediction for round t from the allocations of rounds t, t−1, …, t−L (before the log: none). */
  public double predict(double[][] u, int t) {
    double y = beta[0];
    for (int k = 0; k <= lags && t - k >= 0; k++) {
      for (int j = 0; j < p; j++) {
        y += beta[1 + k * p + j] * u[t - k][j];
      }
    }
    return y;
  }

  /** The prediction from a history where {@code recent[k]} is the allocation k rounds ago (null: none). */
  double predict(double[][] recent) {
    double y = beta[0];
    for (int k = 0; k <= lags; k++) {
      if (recent[k] != null) {
        for (int j = 0; j < p; j++) {
          y += beta[1 + k * p + j] * recent[k][j];
        }
      }
    }
    return y;
  }

  /** J(u) = c + ⟨Σ_k G_k, u⟩, the reward per round of holding u. */
  public double value(double[] u) {
    double v = beta[0];
    for (int k = 0; k <= lags; k++) {
      for (int j = 0; j < p; j++) {
        v += beta[1 + k * p + j] * u[j];
      }
    }
    return v;
  }

  /** r_t − prediction, for the rounds [lags, n). */
  public double[] residuals(double[][] u, double[] r) {
    double[] e = new double[r.length - lags];
    for (int t = lags; t < r.length; t++) {
      e[t - lags] = r[t] - predict(u, t);
    }
    return e;
  }

  /** RMSE of one-step predictions over [from, to), divided by the standard deviation of r there. */
  public double nrmse(double[][] u, double[] r, int from, int to) {
    double se = 0;
    double sum = 0;
    double sq = 0;
    int n = 0;
    for (int t = Math.max(from, lags); t < to; t++) {
      double e = r[t] - predict(u, t);
      se += e * e;
      sum += r[t];
      sq += r[t] * r[t];
      n++;
    }
    if (n < 2) {
      return Double.NaN;
    }
    double var = sq / n - (sum / n) * (sum / n);
    return var > 0 ? Math.sqrt(se / n / var) : Double.NaN;
  }
}
