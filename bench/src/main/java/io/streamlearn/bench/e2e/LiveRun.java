package io.streamlearn.bench.e2e;

import io.streamlearn.ops.report.Percentiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One paced run (bench eeg's blocks, bench e2e's decisions): latencies (ms) of the outputs due
 * after the warm-up (outputs never received count as infinitely late), how many came back, and
 * every received output's due time and latency.
 *
 * @param recordings the streams paced: recordings, or campaigns
 * @param blocks the outputs expected
 */
record LiveRun(String mode, int recordings, int blocks, int received, double[] latencyMs, double[] dueSeconds,
    double[] allLatencyMs, double goalMs) {

  /** From the first {@code received} due times and latencies of a reader. */
  static LiveRun of(String mode, int recordings, int expected, int received, double[] dueSeconds, double[] latencyMs,
      double warmupSeconds, double goalMs) {
    List<Double> counted = new ArrayList<>();
    for (int i = 0; i < received; i++) {
      if (dueSeconds[i] >= warmupSeconds) {
        counted.add(latencyMs[i]);
      }
    }
    for (int i = received; i < expected; i++) {
      counted.add(Double.POSITIVE_INFINITY);
    }
    return new LiveRun(mode, recordings, expected, received, counted.stream().mapToDouble(Double::doubleValue).toArray(),
        Arrays.copyOf(dueSeconds, received), Arrays.copyOf(latencyMs, received), goalMs);
  }

  double percentile(double p) {
    return Percentiles.nearestRank(latencyMs, p);
  }

  /** Every block came back and the p99 latency is within the goal. */
  boolean keepsUp() {
    return received == blocks && percentile(0.99) <= goalMs;
  }
}
