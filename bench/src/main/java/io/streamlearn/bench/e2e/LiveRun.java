package io.streamlearn.bench.e2e;

import io.streamlearn.ops.report.Percentiles;

/**
 * One paced run of bench eeg: latencies (ms) of the blocks due after the warm-up (blocks never
 * received count as infinitely late), how many blocks came back, and every received block's due
 * time and latency.
 */
record LiveRun(String mode, int recordings, int blocks, int received, double[] latencyMs, double[] dueSeconds,
    double[] allLatencyMs, double goalMs) {

  double percentile(double p) {
    return Percentiles.nearestRank(latencyMs, p);
  }

  /** Every block came back and the p99 latency is within the goal. */
  boolean keepsUp() {
    return received == blocks && percentile(0.99) <= goalMs;
  }
}
