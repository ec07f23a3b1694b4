package io.streamlearn.models.ads;

/**
 * β_t, the radius of a UCB confidence ellipsoid, as a function of t = rounds played so far.
 * Implementations are immutable (all their state is derived from constructor arguments).
 */
@FunctionalInterface
public interface ConfidenceRadius {
  double at(long t);

  /**
   * DynLin-UCB (paper, Theorem 5.1's β_t; authors' {@code DynLinUCBAgent._beta_t_fun_dynlinucb}):
   * β_t = c1 √λ + (c2/√λ) ln(e (t+1)) + √(2 σ̃² (ln(1/δ) + (d/2) ln(1 + t Ū²/(d λ)))).
   */
  static ConfidenceRadius dynLinUcb(DynLinBounds bounds, double uBar, int d, double lambda) {
    double c1 = bounds.c1();
    double c2 = bounds.c2(uBar);
    double s2 = bounds.sigmaTildeSq();
    double lnInvDelta = Math.log(1 / bounds.delta());
    double sl = Math.sqrt(lambda);
    return t ->
        c1 * sl
            + c2 / sl * Math.log(Math.E * (t + 1))
            + Math.sqrt(
                2 * s2 * (lnInvDelta + d / 2.0 * Math.log(1 + t * uBar * uBar / (d * lambda))));
  }

  /**
   * The authors' LinUCB with λ = ln T ({@code LinearAgent(linucb=True)._beta_t}): DynLin-UCB's radius
   * without the c2 term: β_t = c1 √λ + √(2 σ̃² (ln(1/δ) + (d/2) ln(1 + t Ū²/(d λ)))).
   */
  static ConfidenceRadius linUcbDynamicalConstants(
      DynLinBounds bounds, double uBar, int d, double lambda) {
    double c1 = bounds.c1();
    double s2 = bounds.sigmaTildeSq();
    double lnInvDelta = Math.log(1 / bounds.delta());
    double sl = Math.sqrt(lambda);
    return t ->
        c1 * sl
            + Math.sqrt(
                2 * s2 * (lnInvDelta + d / 2.0 * Math.log(1 + t * uBar * uBar / (d * lambda))));
  }

  /**
   * The authors' LinUCB with λ = 1 ({@code LinUCBAgent._beta_t_fun_linucb}; Abbasi-Yadkori et al.
   * 2011 with the horizon plugged in, constant in t): β = Θ √λ + √(2 ln T + d ln((d λ + T L²)/(d
   * λ))) with L the largest total budget of an arm (the authors pass the daily budget). Their code
   * stores σ but never multiplies the square root by it, so the radius does not shrink with the
   * noise: β ≈ 8 on the paper's configs at T = 10⁵ whatever σ is.
   */
  static ConfidenceRadius linUcbClassic(double theta, long horizon, double maxTotal, int d, double lambda) {
    double beta =
        theta * Math.sqrt(lambda)
            + Math.sqrt(
                2 * Math.log(horizon) + d * Math.log((d * lambda + horizon * maxTotal * maxTotal) / (d * lambda)));
    return t -> beta;
  }

  /**
   * The authors' D-LinUCB with λ = ln T ({@code LinearAgent(dlinucb=True)._beta_t}, γ = 0.999999;
   * its regression is not discounted): β_t = c1 √λ + √(2 σ̃² (ln(1/δ) + (d/2) ln(1 + (t Ū²/(d λ))
   * (1 − γ^{2t})/(1 − γ²)))).
   */
  static ConfidenceRadius dLinUcbLnT(
      DynLinBounds bounds, double uBar, int d, double lambda, double gamma) {
    double c1 = bounds.c1();
    double s2 = bounds.sigmaTildeSq();
    double lnInvDelta = Math.log(1 / bounds.delta());
    double sl = Math.sqrt(lambda);
    double lnGamma = Math.log(gamma);
    double denom = -Math.expm1(2 * lnGamma); // 1 − γ²
    return t ->
        c1 * sl
            + Math.sqrt(
                2 * s2
                    * (lnInvDelta
                        + d / 2.0
                            * Math.log(
                                1
                                    + (t * uBar * uBar / (d * lambda))
                                        * (-Math.expm1(2 * t * lnGamma))
                                        / denom)));
  }
}
