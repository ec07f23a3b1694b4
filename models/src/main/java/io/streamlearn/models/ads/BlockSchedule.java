package io.streamlearn.models.ads;

/**
 * DynLin-UCB's blocks (paper, Algorithm 1): block m = 1, 2, … lasts L_m = 1 + ⌊ln m / ln(1/ρ̄)⌋
 * rounds. As in the authors' code the first block also covers round 0, so block m ends at round
 * E_m = L_1 + … + L_m (1, 2, 3, 4, 6, 8, 10, 12, … for ρ̄ = 0.2) and block m ≥ 2 starts at E_{m−1} + 1.
 * When ρ̄ &lt; {@link #RHO_EPSILON} every round is a block and block m ends at round m − 1 (authors'
 * code, which also switches to per-round estimation there).
 */
public final class BlockSchedule {
  /** Below this ρ̄ the system is treated as static (authors' {@code epsilon} in DynLinUCBAgent). */
  public static final double RHO_EPSILON = 1e-6;

  private BlockSchedule() {}

  /** L_m = 1 + ⌊ln m / ln(1/ρ̄)⌋ (1 when ρ̄ &lt; ε). */
  public static long blockLength(long m, double rhoBar) {
    if (m < 1) {
      throw new IllegalArgumentException("blocks are numbered from 1: " + m);
    }
    if (rhoBar < RHO_EPSILON) {
      return 1;
    }
    return 1 + (long) Math.floor(Math.log(m) / Math.log(1 / rhoBar));
  }

  /** Round (from 0) at which block {@code m} (from 1) ends, given where block m − 1 ended. */
  static long nextEnd(long previousEnd, long m, double rhoBar) {
    if (rhoBar < RHO_EPSILON) {
      return m - 1;
    }
    return (m == 1 ? 0 : previousEnd) + blockLength(m, rhoBar);
  }

  /** The round at which each of the first {@code k} blocks ends. */
  public static long[] firstBlockEnds(int k, double rhoBar) {
    long[] ends = new long[k];
    long e = 0;
    for (int m = 1; m <= k; m++) {
      e = nextEnd(e, m, rhoBar);
      ends[m - 1] = e;
    }
    return ends;
  }

  /**
   * Number of blocks in a horizon of T rounds, counted as the authors do: blocks are added until
   * the cumulative length reaches T (137,206 for ρ̄ = 0.2 and T = 10⁶).
   */
  public static long blockCount(long horizon, double rhoBar) {
    if (rhoBar < RHO_EPSILON) {
      return horizon;
    }
    long m = 0;
    long sum = 0;
    while (sum < horizon) {
      m++;
      sum += blockLength(m, rhoBar);
    }
    return m;
  }
}
