package io.streamlearn.models.eeg;

import io.streamlearn.models.StateIO;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The anomaly score of a block against the recording's own baseline. With E the mean over channels
 * of the windowed squared one-step error, z = (log E − m) / s, where m and s are an exponentially
 * weighted mean and standard deviation of log E over this recording's past blocks, so each recording
 * has its own normal; the same per channel (z_c). Score = max(z, max_c z_c): focal events touch a
 * few channels, and the all-channel mean dilutes them.
 *
 * <p>The baseline is frozen while the score is at or above the release threshold: an episode must
 * not become the new normal.
 */
final class AnomalyScore {
  /** A spread estimated from fewer blocks than this is not a baseline yet. */
  private static final int MIN_BASELINE_BLOCKS = 10;

  private final int channels;
  private final double halfLifeSeconds;
  private final double releaseThreshold;
  private double logMean;
  private double logVar;
  private final double[] chLogMean;
  private final double[] chLogVar;
  private long blocks;

  AnomalyScore(int channels, double baselineHalfLifeSeconds, double releaseThreshold) {
    this.channels = channels;
    this.halfLifeSeconds = baselineHalfLifeSeconds;
    this.releaseThreshold = releaseThreshold;
    this.chLogMean = new double[channels];
    this.chLogVar = new double[channels];
  }

  /**
   * Scores the block that has just ended and, unless the score says something unusual is going on,
   * takes it into the baseline.
   *
   * @param window windowed mean squared error per channel at the end of the block
   * @param blockSeconds the block's duration, for the baseline's half-life
   * @param enoughSignal whether the recording has had the score's warm-up
   * @param channelZ receives z_c per channel when a score is returned
   * @return the score, NaN before the warm-up or while the baseline has too few blocks
   */
  double score(double[] window, double blockSeconds, boolean enoughSignal, double[] channelZ) {
    double windowMean = 0;
    for (int ch = 0; ch < channels; ch++) {
      windowMean += window[ch] / channels;
    }
    double le = Math.log(windowMean + 1e-12);
    double alpha = Math.max(1 - Math.pow(0.5, blockSeconds / halfLifeSeconds), 1.0 / (blocks + 1));
    boolean warm = enoughSignal && blocks >= MIN_BASELINE_BLOCKS;
    double score = Double.NaN;
    if (warm) {
      score = (le - logMean) / (Math.sqrt(logVar) + 1e-6);
      double maxZ = Double.NEGATIVE_INFINITY;
      for (int ch = 0; ch < channels; ch++) {
        double lc = Math.log(window[ch] + 1e-12);
        channelZ[ch] = (lc - chLogMean[ch]) / (Math.sqrt(chLogVar[ch]) + 1e-6);
        maxZ = Math.max(maxZ, channelZ[ch]);
      }
      score = Math.max(score, maxZ);
    }
    if (!warm || score < releaseThreshold) {
      double dm = le - logMean;
      logMean += alpha * dm;
      logVar = (1 - alpha) * (logVar + alpha * dm * dm);
      for (int ch = 0; ch < channels; ch++) {
        double lc = Math.log(window[ch] + 1e-12);
        double dc = lc - chLogMean[ch];
        chLogMean[ch] += alpha * dc;
        chLogVar[ch] = (1 - alpha) * (chLogVar[ch] + alpha * dc * dc);
      }
      blocks++;
    }
    return score;
  }

  void writeState(DataOutput out) throws IOException {
    out.writeDouble(logMean);
    out.writeDouble(logVar);
    StateIO.writeArray(out, chLogMean);
    StateIO.writeArray(out, chLogVar);
    out.writeLong(blocks);
  }

  void readState(DataInput in) throws IOException {
    logMean = in.readDouble();
    logVar = in.readDouble();
    StateIO.readArray(in, chLogMean);
    StateIO.readArray(in, chLogVar);
    blocks = in.readLong();
  }
}
