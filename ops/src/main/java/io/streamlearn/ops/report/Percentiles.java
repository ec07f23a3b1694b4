package io.streamlearn.ops.report;

import java.util.Arrays;

/** Percentiles of measured samples (latencies), as the reports print them. */
public final class Percentiles {

  private Percentiles() {}

  /**
   * Nearest rank: the smallest value with at least a share {@code q} of the values at or below it
   * (with fewer than 100 values, p99 is the largest); NaN for no values.
   *
   * @param q in (0, 1]
   */
  public static double nearestRank(double[] values, double q) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
  }

  /** The middle value, or the mean of the two middle values for an even count; NaN for no values. */
  public static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
