package io.streamlearn.models.ads;

/**
 * The fixed "manual expert" allocation of the real-data experiment. {@link #normalise} reproduces
 * the authors' {@code ExpertAgent}: the raw budgets are divided by their sum, each share is clamped
 * once to [min/max, max/total] (authors' {@code min_frac = min_action / max_action}, {@code
 * max_frac = max_action / max_global}), the unclamped shares are rescaled to fill the rest, and the
 * result is multiplied by the total budget: (0.00314, 0.49686, 1.0) for the real-data config.
 */
public final class Expert extends FixedAllocation {
  /** Plays {@code allocation}; {@code arms()} is {@code arms} if it contains it, else the one-arm set. */
  public Expert(ArmSet arms, double[] allocation) {
    super("Expert", armsContaining(arms, allocation), armsContaining(arms, allocation).indexOf(allocation));
  }

  /** The authors' normalisation of a raw expert allocation. */
  public static double[] normalise(double[] raw, double minBudget, double maxBudget, double total) {
    int p = raw.length;
    double sum = 0;
    for (double v : raw) {
      sum += v;
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("expert allocation must have a positive sum");
    }
    double[] e = new double[p];
    for (int i = 0; i < p; i++) {
      e[i] = raw[i] / sum;
    }
    double minFrac = minBudget / maxBudget;
    double maxFrac = maxBudget / total;
    boolean[] altered = new boolean[p];
    for (int i = 0; i < p; i++) {
      if (e[i] < minFrac) {
        e[i] = minFrac;
        altered[i] = true;
      } else if (e[i] > maxFrac) {
        e[i] = maxFrac;
        altered[i] = true;
      }
    }
    double from = 0;
    double fixed = 0;
    for (int i = 0; i < p; i++) {
      if (altered[i]) {
        fixed += e[i];
      } else {
        from += e[i];
      }
    }
    double to = 1 - fixed;
    for (int i = 0; i < p; i++) {
      if (!altered[i] && from > 0) {
        e[i] *= to / from;
      }
      e[i] *= total;
    }
    return e;
  }
}
