package io.streamlearn.ops.report;

import java.util.Arrays;
import java.util.Collection;

/**
 * The one percentile definition of every report, summary and benchmark: nearest rank, so a reported
 * percentile is always a value that was measured (the median of an even count is the lower middle).
 */
public final class Percentiles {

  private Percentiles() {}

  /**
   * Nearest rank: the smallest value with at least a share {@code q} of the values at or below it
   * (with fewer than 100 values, p99 is the largest); NaN for no values.
   *
   * @param q in (0, 1]
   */
  public static double nearestRank(double[] values, double q) {
    if (!(q > 0 && q <= 1)) {
      throw new IllegalArgumentException("percentile share must be in (0, 1]: " + q);
    }
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
  }

  public static double nearestRank(Collection<? extends Number> values, double q) {
    return nearestRank(values.stream().mapToDouble(Number::doubleValue).toArray(), q);
  }

  public static double median(double[] values) {
    return nearestRank(values, 0.5);
  }

  public static double median(Collection<? extends Number> values) {
    return nearestRank(values, 0.5);
  }
}
