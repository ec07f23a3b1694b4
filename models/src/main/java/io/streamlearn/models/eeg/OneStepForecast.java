package io.streamlearn.models.eeg;

import io.streamlearn.models.StateIO;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The forecast of the next sample, carried until that sample arrives, and the errors of the
 * forecasts so far: per block the RMS error (normalised and physical units), and per sample an
 * exponential window of the squared normalised error that the anomaly score reads at the end of a
 * block, so the score does not depend on how the producer cuts blocks. It also keeps the features
 * the pending forecast was made from: the readout learns from them once the sample is known.
 */
final class OneStepForecast {
  private final int channels;
  private final double windowAlpha;
  private final double[] normalised;
  private final double[] physical;
  private final double[] features;
  private boolean pending;
  private final double[] window;
  // sums over the current block
  private final double[] sqErr;
  private final double[] sqErrPhysical;
  private int scored;

  OneStepForecast(int channels, int features, double errorWindowSeconds, double sampleRate) {
    this.channels = channels;
    this.windowAlpha = 1 - Math.exp(-1 / (errorWindowSeconds * sampleRate));
    this.normalised = new double[channels];
    this.physical = new double[channels];
    this.features = new double[features];
    this.window = new double[channels];
    Arrays.fill(window, 1);
    this.sqErr = new double[channels];
    this.sqErrPhysical = new double[channels];
  }

  void startBlock() {
    Arrays.fill(sqErr, 0);
    Arrays.fill(sqErrPhysical, 0);
    scored = 0;
  }

  /** Whether a forecast is waiting for its sample (false only before the first sample). */
  boolean pending() {
    return pending;
  }

  /** Scores the pending forecast against the sample that arrived: {@code z} normalised, {@code block[·][k]} physical. */
  void score(double[] z, double[][] block, int k) {
    for (int ch = 0; ch < channels; ch++) {
      double e = z[ch] - normalised[ch];
      sqErr[ch] += e * e;
      window[ch] += windowAlpha * (e * e - window[ch]);
      double ep = block[ch][k] - physical[ch];
      sqErrPhysical[ch] += ep * ep;
    }
    scored++;
  }

  /** The features the pending forecast was made from; a live view. */
  double[] features() {
    return features;
  }

  /** Forecasts the next sample from {@code x} and keeps a copy of {@code x}. */
  void forecast(RlsReadout readout, double[] x, ChannelNormalizer normalizer) {
    readout.predict(x, normalised);
    normalizer.toPhysical(normalised, physical);
    System.arraycopy(x, 0, features, 0, features.length);
    pending = true;
  }

  /** Samples of the current block whose forecast has been scored. */
  int scored() {
    return scored;
  }

  /** A copy of the pending forecast in physical units. */
  double[] physical() {
    return physical.clone();
  }

  /** Per-channel RMS error over the current block, normalised units (0 if nothing was scored). */
  double[] blockRmse() {
    return rms(sqErr);
  }

  /** The same in physical units. */
  double[] blockRmsePhysical() {
    return rms(sqErrPhysical);
  }

  private double[] rms(double[] sums) {
    double[] out = new double[channels];
    for (int ch = 0; ch < channels; ch++) {
      out[ch] = scored > 0 ? Math.sqrt(sums[ch] / scored) : 0;
    }
    return out;
  }

  /** The windowed mean squared normalised error per channel; a live view. */
  double[] window() {
    return window;
  }

  void writeState(DataOutput out) throws IOException {
    StateIO.writeArray(out, normalised);
    StateIO.writeArray(out, physical);
    StateIO.writeArray(out, window);
    StateIO.writeArray(out, features);
    out.writeBoolean(pending);
  }

  void readState(DataInput in) throws IOException {
    StateIO.readArray(in, normalised);
    StateIO.readArray(in, physical);
    StateIO.readArray(in, window);
    StateIO.readArray(in, features);
    pending = in.readBoolean();
  }
}
