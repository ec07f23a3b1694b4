package io.streamlearn.models.ads;

import java.util.List;

/**
 * Builds any policy by name from configuration values: the arm set, the horizon T, a seed and the
 * {@link DynLinBounds} (configured upper bounds in production; {@link DynLinBounds#truth} in the
 * experiments). The parameters are those of the authors' {@code scripts/main.py}.
 *
 * <pre>
 *   DynLin-UCB      DynLinUcb, λ = 1                      DynLin-UCB-lnT   DynLinUcb, λ = ln T
 *   LinUCB          LinUcb, λ = 1, classic β (Θ, T; no σ) LinUCB-lnT       LinUcb, λ = ln T, β = c1√λ + self-normalised term
 *   D-LinUCB        DLinUcb, λ = 1, γ = 0.999999999       D-LinUCB-lnT     LinUcb, λ = ln T, γ = 0.999999 only in β (authors: no discount)
 *   Exp3            M = (Θ + Ω B̄/(1−ρ̄)) Ū               Batch-Exp3       batches of ⌈ln N / ln(1/ρ̄)⌉ rounds
 *   AR2             α = ρ̄, σ                              Expert, Clairvoyant: fixed allocation (6-argument create)
 * </pre>
 */
public final class PolicyFactory {
  public static final List<String> NAMES =
      List.of(
          "DynLin-UCB", "DynLin-UCB-lnT", "LinUCB", "LinUCB-lnT", "D-LinUCB", "D-LinUCB-lnT",
          "Exp3", "Batch-Exp3", "AR2", "Expert", "Clairvoyant");

  /** The authors' discount for D-LinUCB (λ = 1). */
  public static final double D_LINUCB_GAMMA = 0.999999999;

  /** The authors' γ for the λ = ln T D-LinUCB (enters β only). */
  public static final double D_LINUCB_LNT_GAMMA = 0.999999;

  private PolicyFactory() {}

  /** The canonical name for {@code name} (case-insensitive), or IllegalArgumentException. */
  public static String canonicalName(String name) {
    for (String n : NAMES) {
      if (n.equalsIgnoreCase(name.trim())) {
        return n;
      }
    }
    throw new IllegalArgumentException("unknown policy '" + name + "'; valid names: " + String.join(", ", NAMES));
  }

  /** Any learning policy; Expert and Clairvoyant need {@link #create(String, ArmSet, long, long, DynLinBounds, double[])}. */
  public static BudgetPolicy create(
      String name, ArmSet arms, long horizon, long seed, DynLinBounds bounds) {
    return create(name, arms, horizon, seed, bounds, null);
  }

  /**
   * @param fixedAllocation the allocation of Expert (already normalised, see {@link
   *     Expert#normalise}) or Clairvoyant (u*); ignored by the learners
   * @throws IllegalArgumentException for an unknown name (message lists the valid names), or a
   *     fixed policy without {@code fixedAllocation}
   */
  public static BudgetPolicy create(
      String name, ArmSet arms, long horizon, long seed, DynLinBounds bounds, double[] fixedAllocation) {
    String n = canonicalName(name);
    if (horizon < 1) {
      throw new IllegalArgumentException("horizon must be >= 1: " + horizon);
    }
    int d = arms.dimension();
    double uBar = arms.maxNorm();
    double lnT = Math.log(horizon);
    switch (n) {
      case "DynLin-UCB":
        return new DynLinUcb(n, arms, bounds, 1.0, seed);
      case "DynLin-UCB-lnT":
        return new DynLinUcb(n, arms, bounds, lnT, seed);
      case "LinUCB":
        return new LinUcb(
            n, arms, 1.0,
            ConfidenceRadius.linUcbClassic(bounds.theta(), horizon, arms.maxTotal(), d, 1.0),
            seed);
      case "LinUCB-lnT":
        return new LinUcb(n, arms, lnT, ConfidenceRadius.linUcbDynamicalConstants(bounds, uBar, d, lnT), seed);
      case "D-LinUCB":
        return new DLinUcb(
            n, arms, 1.0, D_LINUCB_GAMMA, bounds.theta(), bounds.sigma(), bounds.delta(),
            arms.maxTotal(), seed);
      case "D-LinUCB-lnT":
        return new LinUcb(
            n, arms, lnT, ConfidenceRadius.dLinUcbLnT(bounds, uBar, d, lnT, D_LINUCB_LNT_GAMMA), seed);
      case "Exp3":
        return new Exp3(n, arms, horizon, bounds.exp3Scale(uBar), seed);
      case "Batch-Exp3":
        return new BatchExp3(
            n, arms, horizon, BatchExp3.batchSize(horizon, bounds.rhoBar()), bounds.exp3Scale(uBar), seed);
      case "AR2":
        return new Ar2(n, arms, bounds.rhoBar(), bounds.sigma(), seed);
      case "Expert":
        return new Expert(arms, requireFixed(n, fixedAllocation, d));
      case "Clairvoyant":
        return new Clairvoyant(arms, requireFixed(n, fixedAllocation, d));
      default:
        throw new AssertionError(n);
    }
  }

  private static double[] requireFixed(String name, double[] fixed, int d) {
    if (fixed == null) {
      throw new IllegalArgumentException(name + " needs a fixed allocation");
    }
    if (fixed.length != d) {
      throw new IllegalArgumentException(
          name + " allocation has dimension " + fixed.length + ", arms have " + d);
    }
    return fixed.clone();
  }
}
