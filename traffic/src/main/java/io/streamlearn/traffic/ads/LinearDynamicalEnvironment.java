package io.streamlearn.traffic.ads;

import io.streamlearn.models.ads.DynLinBounds;

import io.streamlearn.models.ads.ArmSet;
import io.streamlearn.models.ads.Linalg;
import io.streamlearn.models.Rng;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The simulated world of "Dynamical Linear Bandits" (Mussi, Metelli, Restelli, ICML 2023):
 *
 * <pre>
 *   y_t      = C x_t + D u_t + η_t        η_t ~ N(0, σ² I_m)
 *   x_{t+1}  = A x_t + B u_t + ε_t        ε_t ~ N(0, σ² I_n)
 *   reward_t = 1ᵀ y_t                      (x_0 = 0; computed from x_t before the update)
 * </pre>
 *
 * <p>Common random numbers: the noise of round t is a pure function of {@code (noiseSeed, t)}
 * (a counter-based Rng stream per round, Box-Muller normals: first the m output noises, then
 * the n state noises), so every policy run with the same noise seed sees the same noise whatever
 * it does, and a restored environment continues identically. The mutable state is (x, t).
 *
 * <p>The ground truth for regret and for the learners' constants is exposed too: the steady-state
 * gain h = θ + Bᵀ(I − A)⁻ᵀω with ω = Cᵀ1 and θ = Dᵀ1, J(u) = ⟨h, u⟩, the spectral radius ρ(A), Φ =
 * sup_{i=1..999} ‖A^i‖₂/ρ^i, Ω = ‖ω‖, Θ = ‖θ‖ and B̄ = ‖B‖₂.
 */
public final class LinearDynamicalEnvironment {
  private static final int PHI_POWERS = 999;

  private final int n;
  private final int m;
  private final int p;
  private final double[][] a;
  private final double[][] b;
  private final double[][] c;
  private final double[][] d;
  private final double sigma;
  private final long noiseSeed;

  private final double[] x;
  private final double[] xNext;
  private final double[] noise;
  private long t;

  // lazily computed truth (pure functions of the matrices)
  private double[] h;
  private double rho = Double.NaN;
  private double phi = Double.NaN;

  /**
   * @param a n×n, b n×p, c m×n, d m×p (copied)
   * @param sigma noise standard deviation (state and output)
   * @param noiseSeed seed of the common-random-numbers noise stream
   */
  public LinearDynamicalEnvironment(
      double[][] a, double[][] b, double[][] c, double[][] d, double sigma, long noiseSeed) {
    this.n = a.length;
    this.p = b[0].length;
    this.m = c.length;
    check(a, n, n, "A");
    check(b, n, p, "B");
    check(c, m, n, "C");
    check(d, m, p, "D");
    if (!(sigma >= 0) || !Double.isFinite(sigma)) {
      throw new IllegalArgumentException("sigma must be finite and >= 0: " + sigma);
    }
    this.a = Linalg.copy(a);
    this.b = Linalg.copy(b);
    this.c = Linalg.copy(c);
    this.d = Linalg.copy(d);
    this.sigma = sigma;
    this.noiseSeed = noiseSeed;
    this.x = new double[n];
    this.xNext = new double[n];
    this.noise = new double[m + n];
  }

  private static void check(double[][] mat, int rows, int cols, String name) {
    if (mat.length != rows) {
      throw new IllegalArgumentException(name + " must have " + rows + " rows, has " + mat.length);
    }
    for (double[] row : mat) {
      if (row.length != cols) {
        throw new IllegalArgumentException(name + " must have " + cols + " columns");
      }
      for (double v : row) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException(name + " has a non-finite entry");
        }
      }
    }
  }

  /** A copy with the same matrices and σ and another noise seed, at x_0 = 0. */
  public LinearDynamicalEnvironment withNoiseSeed(long seed) {
    return new LinearDynamicalEnvironment(a, b, c, d, sigma, seed);
  }

  public double sigma() {
    return sigma;
  }

  public long noiseSeed() {
    return noiseSeed;
  }

  /** Rounds played so far. */
  public long round() {
    return t;
  }

  /** A copy of the hidden state x_t. */
  public double[] state() {
    return x.clone();
  }

  /** Back to x_0 = 0, round 0. */
  public void reset() {
    Arrays.fill(x, 0);
    t = 0;
  }

  /** Plays action {@code u} (length p) for one round and returns the reward 1ᵀy_t. No allocation. */
  public double step(double[] u) {
    if (u.length != p) {
      throw new IllegalArgumentException("action has dimension " + u.length + ", expected " + p);
    }
    fillNoise(t);
    double reward = 0;
    for (int i = 0; i < m; i++) {
      double y = noise[i];
      double[] ci = c[i];
      for (int k = 0; k < n; k++) {
        y += ci[k] * x[k];
      }
      double[] di = d[i];
      for (int k = 0; k < p; k++) {
        y += di[k] * u[k];
      }
      reward += y;
    }
    for (int i = 0; i < n; i++) {
      double v = noise[m + i];
      double[] ai = a[i];
      for (int k = 0; k < n; k++) {
        v += ai[k] * x[k];
      }
      double[] bi = b[i];
      for (int k = 0; k < p; k++) {
        v += bi[k] * u[k];
      }
      xNext[i] = v;
    }
    System.arraycopy(xNext, 0, x, 0, n);
    t++;
    return reward;
  }

  /** The m output noises then the n state noises of round {@code round}: a pure function of (seed, round). */
  private void fillNoise(long round) {
    Rng rng = new Rng(Rng.derive(noiseSeed, round));
    for (int i = 0; i < m + n; i++) {
      noise[i] = sigma * rng.nextGaussian();
    }
  }

  public void writeState(DataOutput out) throws IOException {
    out.writeInt(n);
    out.writeLong(t);
    for (double v : x) {
      out.writeDouble(v);
    }
  }

  public void readState(DataInput in) throws IOException {
    int nn = in.readInt();
    if (nn != n) {
      throw new IOException("environment state has n=" + nn + ", expected " + n);
    }
    long tt = in.readLong();
    for (int i = 0; i < n; i++) {
      x[i] = in.readDouble();
    }
    t = tt;
  }

  // ---------------------------------------------------------------- ground truth

  /** ω = Cᵀ1. */
  public double[] omegaVector() {
    return Linalg.columnSums(c);
  }

  /** θ = Dᵀ1. */
  public double[] thetaVector() {
    return Linalg.columnSums(d);
  }

  /** The steady-state gain h = θ + Bᵀ (I − A)⁻ᵀ ω (a copy). */
  public double[] h() {
    if (h == null) {
      double[][] iMinusAT = Linalg.transpose(a);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          iMinusAT[i][j] = (i == j ? 1 : 0) - iMinusAT[i][j];
        }
      }
      double[] z = Linalg.solve(iMinusAT, omegaVector());
      double[] hh = thetaVector();
      for (int j = 0; j < p; j++) {
        for (int i = 0; i < n; i++) {
          hh[j] += b[i][j] * z[i];
        }
      }
      h = hh;
    }
    return h.clone();
  }

  /** J(u) = ⟨h, u⟩, the steady-state expected reward of holding u forever. */
  public double value(double[] u) {
    double[] hh = h();
    double s = 0;
    for (int j = 0; j < p; j++) {
      s += hh[j] * u[j];
    }
    return s;
  }

  /** Index of u* = argmax over {@code arms} of ⟨h, u⟩ (ties to the first arm). */
  public int bestArm(ArmSet arms) {
    return arms.argmax(h());
  }

  /** J* = max over {@code arms} of ⟨h, u⟩. */
  public double optimalValue(ArmSet arms) {
    return arms.dot(bestArm(arms), h());
  }

  /** ρ(A), the spectral radius (modulus of the largest eigenvalue, complex ones included). */
  public double spectralRadius() {
    if (Double.isNaN(rho)) {
      rho = Linalg.spectralRadius(a);
    }
    return rho;
  }

  /** Φ = sup_{i=1..999} ‖A^i‖₂ / ρ^i (as the authors' {@code spectr}). */
  public double phi() {
    if (Double.isNaN(phi)) {
      phi = Linalg.phi(a, spectralRadius(), PHI_POWERS);
    }
    return phi;
  }

  /** Ω = ‖Cᵀ1‖₂. */
  public double omega() {
    return Linalg.norm(omegaVector());
  }

  /** Θ = ‖Dᵀ1‖₂. */
  public double theta() {
    return Linalg.norm(thetaVector());
  }

  /** B̄ = ‖B‖₂, the spectral norm. */
  public double bBar() {
    return Linalg.spectralNorm(b);
  }

  /** This world's true constants as DynLin-UCB bounds, with δ = 1/horizon (the experiments' setting). */
  public DynLinBounds trueBounds(long horizon) {
    return new DynLinBounds(spectralRadius(), phi(), omega(), theta(), bBar(), sigma(), 1.0 / horizon);
  }
}
