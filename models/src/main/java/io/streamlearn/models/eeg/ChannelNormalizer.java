package io.streamlearn.models.eeg;

import io.streamlearn.models.StateIO;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Running per-channel normalisation: each sample becomes (x − mean) / std with the channel's running
 * mean and variance, a cumulative average over the first samples and an exponentially weighted one
 * (given half-life) after, so the model sees unit-scale input whatever the amplifier gain and
 * follows slow drifts of the recording.
 */
final class ChannelNormalizer {
  /** A single electrode pop must not saturate the reservoir for long. */
  private static final double CLIP = 8;

  private final int channels;
  private final double alpha;
  private final double[] mean;
  private final double[] var;
  private long samples;

  ChannelNormalizer(int channels, double halfLifeSeconds, double sampleRate) {
    this.channels = channels;
    this.alpha = 1 - Math.pow(0.5, 1 / (halfLifeSeconds * sampleRate));
    this.mean = new double[channels];
    this.var = new double[channels];
    Arrays.fill(var, 1);
  }

  /** Samples taken in so far. */
  long samples() {
    return samples;
  }

  /** Takes sample {@code k} of every channel of {@code block} into the statistics and writes its normalised value into {@code z}. */
  void normalize(double[][] block, int k, double[] z) {
    double a = Math.max(alpha, 1.0 / (samples + 1));
    for (int ch = 0; ch < channels; ch++) {
      double x = block[ch][k];
      double dm = x - mean[ch];
      mean[ch] += a * dm;
      var[ch] = (1 - a) * (var[ch] + a * dm * dm);
      double v = samples < 2 ? 0 : (x - mean[ch]) / std(ch);
      z[ch] = Math.max(-CLIP, Math.min(CLIP, v));
    }
    samples++;
  }

  /** The inverse with the current statistics: {@code physical[ch] = normalised[ch] · std + mean}. */
  void toPhysical(double[] normalised, double[] physical) {
    for (int ch = 0; ch < channels; ch++) {
      physical[ch] = normalised[ch] * std(ch) + mean[ch];
    }
  }

  private double std(int ch) {
    return Math.sqrt(var[ch]) + 1e-9;
  }

  void writeState(DataOutput out) throws IOException {
    StateIO.writeArray(out, mean);
    StateIO.writeArray(out, var);
    out.writeLong(samples);
  }

  void readState(DataInput in) throws IOException {
    StateIO.readArray(in, mean);
    StateIO.readArray(in, var);
    samples = in.readLong();
  }
}
