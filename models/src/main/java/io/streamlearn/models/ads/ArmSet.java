package io.streamlearn.models.ads;

import java.util.Arrays;

/**
 * An immutable finite set of budget allocations (arms), each a vector of one budget per platform.
 *
 * <p>{@link #vertices} builds the paper's action set: for every order of the platforms, start all
 * platforms at the minimum and fill them greedily in that order up to the maximum until the total
 * budget is spent; duplicates are removed and the arms are sorted lexicographically (as numpy's
 * {@code np.unique(..., axis=0)} in the authors' code). A greedy fill always hands out the same
 * sequence of increments (k platforms raised to the maximum, at most one partial, the rest at the
 * minimum) and only the order differs, so the distinct vertices are exactly the distinct
 * permutations of that multiset of values. They are enumerated directly (next-permutation in
 * lexicographic order), never via the p! platform orders: for p = 16, total 1.5, max 1, min 0 that
 * is 16 * 15 = 240 arms. The count is the multinomial coefficient p! / (k! 1! (p-k-1)!) and is
 * checked against a cap ({@link #DEFAULT_MAX_ARMS}, or the {@code maxArms} argument) before
 * anything is built; a UCB round costs O(arms * d) to O(arms * d^2), so huge sets are refused.
 */
public final class ArmSet {
  /** Default cap on the number of vertices {@link #vertices(int, double, double, double)} builds. */
  public static final int DEFAULT_MAX_ARMS = 100_000;

  private final int dim;
  private final double[][] arms;
  private final double[] norms;

  private ArmSet(double[][] arms) {
    this.dim = arms[0].length;
    this.arms = arms;
    this.norms = new double[arms.length];
    for (int i = 0; i < arms.length; i++) {
      double s = 0;
      for (double v : arms[i]) {
        s += v * v;
      }
      norms[i] = Math.sqrt(s);
    }
  }

  /** An explicit arm list (copied). All arms must have the same dimension and finite entries. */
  public static ArmSet of(double[][] arms) {
    if (arms == null || arms.length == 0) {
      throw new IllegalArgumentException("an arm set needs at least one arm");
    }
    int d = arms[0].length;
    if (d == 0) {
      throw new IllegalArgumentException("arms must have dimension >= 1");
    }
    double[][] copy = new double[arms.length][];
    for (int i = 0; i < arms.length; i++) {
      if (arms[i].length != d) {
        throw new IllegalArgumentException(
            "arm " + i + " has dimension " + arms[i].length + ", expected " + d);
      }
      for (double v : arms[i]) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("arm " + i + " has a non-finite entry");
        }
      }
      copy[i] = arms[i].clone();
    }
    return new ArmSet(copy);
  }

  /** {@link #vertices(int, double, double, double, int)} with {@link #DEFAULT_MAX_ARMS}. */
  public static ArmSet vertices(
      int platforms, double totalBudget, double maxPerPlatform, double minPerPlatform) {
    return vertices(platforms, totalBudget, maxPerPlatform, minPerPlatform, DEFAULT_MAX_ARMS);
  }

  /**
   * The greedy-fill vertex set, in lexicographic order.
   *
   * @throws IllegalArgumentException if the limits are inconsistent (max &lt; min, total &lt;
   *     platforms * min) or the set would have more than {@code maxArms} arms
   */
  public static ArmSet vertices(
      int platforms, double totalBudget, double maxPerPlatform, double minPerPlatform, int maxArms) {
    double[] values = greedyValues(platforms, totalBudget, maxPerPlatform, minPerPlatform);
    Arrays.sort(values);
    double count = distinctPermutations(values);
    if (count > maxArms) {
      throw new IllegalArgumentException(
          String.format(
              "the vertex set for %d platforms (total %s, max %s, min %s) has %.0f arms, above the cap %d",
              platforms, totalBudget, maxPerPlatform, minPerPlatform, count, maxArms));
    }
    double[][] out = new double[(int) count][];
    int i = 0;
    do {
      out[i++] = values.clone();
    } while (nextPermutation(values));
    return new ArmSet(out);
  }

  /** Number of arms {@link #vertices} would build (without building them). */
  public static long vertexCount(
      int platforms, double totalBudget, double maxPerPlatform, double minPerPlatform) {
    double[] values = greedyValues(platforms, totalBudget, maxPerPlatform, minPerPlatform);
    Arrays.sort(values);
    double c = distinctPermutations(values);
    return c >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) c;
  }

  /** The values of one greedy fill, computed with the same floating-point steps as the authors. */
  private static double[] greedyValues(int p, double total, double max, double min) {
    if (p < 1) {
      throw new IllegalArgumentException("platforms must be >= 1: " + p);
    }
    if (!(max >= min) || !Double.isFinite(max) || !Double.isFinite(min) || !Double.isFinite(total)) {
      throw new IllegalArgumentException(
          "need finite budgets with max >= min: max=" + max + " min=" + min + " total=" + total);
    }
    double budget = total - p * min;
    if (budget < 0) {
      throw new IllegalArgumentException(
          "total budget " + total + " is below platforms * min = " + p * min);
    }
    double[] u = new double[p];
    for (int i = 0; i < p; i++) {
      double delta = Math.min(budget, max - min);
      u[i] = min + delta;
      budget -= delta;
    }
    return u;
  }

  private static double distinctPermutations(double[] sorted) {
    // multinomial p! / prod(c_v!) as a product of binomials, in double (exact for our sizes)
    double result = 1;
    int placed = 0;
    int i = 0;
    while (i < sorted.length) {
      int j = i;
      while (j < sorted.length && sorted[j] == sorted[i]) {
        j++;
      }
      int c = j - i;
      for (int k = 1; k <= c; k++) {
        result = result * (placed + k) / k;
      }
      placed += c;
      i = j;
    }
    return Math.rint(result);
  }

  private static boolean nextPermutation(double[] a) {
    int i = a.length - 2;
    while (i >= 0 && a[i] >= a[i + 1]) {
      i--;
    }
    if (i < 0) {
      return false;
    }
    int j = a.length - 1;
    while (a[j] <= a[i]) {
      j--;
    }
    double t = a[i];
    a[i] = a[j];
    a[j] = t;
    for (int l = i + 1, r = a.length - 1; l < r; l++, r--) {
      t = a[l];
      a[l] = a[r];
      a[r] = t;
    }
    return true;
  }

  public int size() {
    return arms.length;
  }

  public int dimension() {
    return dim;
  }

  /** A copy of arm {@code i}. */
  public double[] arm(int i) {
    return arms[i].clone();
  }

  /** Component {@code j} of arm {@code i} (no copy). */
  public double get(int i, int j) {
    return arms[i][j];
  }

  /** The arm's array itself, for hot loops inside this package; callers must not modify it. */
  public double[] row(int i) {
    return arms[i];
  }

  /** Euclidean norm of arm {@code i}. */
  public double norm(int i) {
    return norms[i];
  }

  /** Ū: the largest Euclidean arm norm. */
  public double maxNorm() {
    double m = 0;
    for (double v : norms) {
      m = Math.max(m, v);
    }
    return m;
  }

  /** The largest total budget (sum of components) over the arms. */
  public double maxTotal() {
    double m = Double.NEGATIVE_INFINITY;
    for (double[] a : arms) {
      double s = 0;
      for (double v : a) {
        s += v;
      }
      m = Math.max(m, s);
    }
    return m;
  }

  /** {@code <w, arm i>}. */
  public double dot(int i, double[] w) {
    double[] a = arms[i];
    double s = 0;
    for (int j = 0; j < dim; j++) {
      s += a[j] * w[j];
    }
    return s;
  }

  /** Index of the first arm maximising {@code <w, arm>} (ties to the first, lexicographic, arm). */
  public int argmax(double[] w) {
    int best = 0;
    double bestVal = dot(0, w);
    for (int i = 1; i < arms.length; i++) {
      double v = dot(i, w);
      if (v > bestVal) {
        best = i;
        bestVal = v;
      }
    }
    return best;
  }

  /** Index of the arm equal to {@code u} (componentwise within 1e-12), or -1. */
  public int indexOf(double[] u) {
    if (u.length != dim) {
      return -1;
    }
    outer:
    for (int i = 0; i < arms.length; i++) {
      for (int j = 0; j < dim; j++) {
        if (Math.abs(arms[i][j] - u[j]) > 1e-12) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ArmSet[").append(arms.length).append(" arms, d=").append(dim);
    for (int i = 0; i < Math.min(arms.length, 8); i++) {
      sb.append(", ").append(Arrays.toString(arms[i]));
    }
    return sb.append(arms.length > 8 ? ", ...]" : "]").toString();
  }
}
