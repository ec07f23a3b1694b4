package io.streamlearn.models.ads;

/**
 * The constants DynLin-UCB needs about the (unknown) dynamical system, as configured in
 * production: upper bounds rather than the truth. In the paper's experiments they are the true
 * values ({@link #truth}).
 *
 * @param rhoBar ρ̄, an upper bound on the spectral radius ρ(A), in [0, 1)
 * @param phiBar Φ̄ ≥ sup_i ‖A^i‖₂ / ρ̄^i
 * @param omega Ω ≥ ‖Cᵀ1‖₂
 * @param theta Θ ≥ ‖Dᵀ1‖₂
 * @param bBar B̄ ≥ ‖B‖₂
 * @param sigma σ, the noise standard deviation (sub-Gaussian proxy)
 * @param delta δ, the confidence level (the paper uses 1/T)
 */
public record DynLinBounds(
    double rhoBar, double phiBar, double omega, double theta, double bBar, double sigma, double delta) {

  public DynLinBounds {
    if (!(rhoBar >= 0 && rhoBar < 1)) {
      throw new IllegalArgumentException("rhoBar must be in [0, 1): " + rhoBar);
    }
    if (!(phiBar > 0) || !Double.isFinite(phiBar)) {
      throw new IllegalArgumentException("phiBar must be finite and > 0: " + phiBar);
    }
    requireNonNegative(omega, "omega");
    requireNonNegative(theta, "theta");
    requireNonNegative(bBar, "bBar");
    requireNonNegative(sigma, "sigma");
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be in (0, 1): " + delta);
    }
  }

  private static void requireNonNegative(double v, String name) {
    if (!(v >= 0) || !Double.isFinite(v)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0: " + v);
    }
  }

  /** The same bounds with another ρ̄ (Φ̄ kept: still valid for any ρ̄ ≥ ρ). */
  public DynLinBounds withRhoBar(double newRhoBar) {
    return new DynLinBounds(newRhoBar, phiBar, omega, theta, bBar, sigma, delta);
  }

  /** c1 = Θ + Ω B̄ Φ̄ / (1 − ρ̄). */
  public double c1() {
    return theta + omega * bBar * phiBar / (1 - rhoBar);
  }

  /** c2 = Ū Ω Φ̄ (Ū B̄ / (1 − ρ̄) + X̄), X̄ = Ū / (1 − ρ̄). */
  public double c2(double uBar) {
    double xBar = uBar / (1 - rhoBar);
    return uBar * omega * phiBar * (uBar * bBar / (1 - rhoBar) + xBar);
  }

  /** σ̃² = σ² (1 + Ω² Φ̄² / (1 − ρ̄²)). */
  public double sigmaTildeSq() {
    return sigma * sigma * (1 + omega * omega * phiBar * phiBar / (1 - rhoBar * rhoBar));
  }

  /** Exp3's reward scale M = (Θ + Ω B̄ / (1 − ρ̄)) Ū (authors' code). */
  public double exp3Scale(double uBar) {
    return (theta + omega * bBar / (1 - rhoBar)) * uBar;
  }
}
