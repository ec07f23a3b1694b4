package io.streamlearn.models.eeg;

import io.streamlearn.models.StateIO;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Running per-channel normalisation and artifact flags: each sample becomes (x − mean) / std with the
 * channel's running mean and variance, a cumulative average over the first samples and an
 * exponentially weighted one (given half-life) after, so the model sees unit-scale input whatever
 * the amplifier gain and follows slow drifts of the recording.
 *
 * <p>A sample more than {@link #ARTIFACT_Z} running standard deviations from the running mean (after
 * the first {@link #WARMUP_SECONDS} of signal) is an artifact: flagged, clipped, and kept out of the
 * statistics, so one huge sample does not shrink every later normalised value. Artifacts are short:
 * after {@link #MAX_ARTIFACT_SECONDS} of consecutive flags a channel's deviation is its new normal and
 * enters the statistics again (a level shift, or statistics that were wrong), so no channel can be
 * locked out of learning for good.
 */
final class ChannelNormalizer {
  /** Normalised values are clipped here: a single electrode pop must not saturate the reservoir for long. */
  static final double CLIP = 8;

  /** Deviation, in running standard deviations, beyond which a sample is an artifact. */
  static final double ARTIFACT_Z = 8;

  /** Signal before artifacts are flagged (the statistics must exist first). */
  static final double WARMUP_SECONDS = 2;

  /** Longest run of flagged samples of a channel that is still an artifact. */
  static final double MAX_ARTIFACT_SECONDS = 0.5;

  private final int channels;
  private final double alpha;
  private final double[] mean;
  private final double[] var;
  private final long minSamples;
  private final long maxRun;
  private final long[] run; // consecutive flagged samples per channel
  private long samples;

  ChannelNormalizer(int channels, double halfLifeSeconds, double sampleRate) {
    this.channels = channels;
    this.alpha = 1 - Math.pow(0.5, 1 / (halfLifeSeconds * sampleRate));
    this.mean = new double[channels];
    this.var = new double[channels];
    Arrays.fill(var, 1);
    this.minSamples = Math.max(2, Math.round(WARMUP_SECONDS * sampleRate));
    this.maxRun = Math.max(1, Math.round(MAX_ARTIFACT_SECONDS * sampleRate));
    this.run = new long[channels];
  }

  /** Samples taken in so far. */
  long samples() {
    return samples;
  }

  /**
   * Takes sample {@code k} of every channel of {@code block}: its normalised, clipped value into
   * {@code z}, whether it is an artifact into {@code artifact}, and, unless it is one, into the
   * statistics. {@code deviation} receives |x − mean| / std before clipping (for the artifact events).
   */
  void normalize(double[][] block, int k, double[] z, boolean[] artifact, double[] deviation) {
    double a = Math.max(alpha, 1.0 / (samples + 1));
    for (int ch = 0; ch < channels; ch++) {
      double x = block[ch][k];
      double dev = samples < 2 ? 0 : (x - mean[ch]) / std(ch);
      boolean bad = samples >= minSamples && Math.abs(dev) > ARTIFACT_Z && run[ch] < maxRun;
      run[ch] = Math.abs(dev) > ARTIFACT_Z && samples >= minSamples ? run[ch] + 1 : 0;
      artifact[ch] = bad;
      deviation[ch] = Math.abs(dev);
      if (!bad) {
        double dm = x - mean[ch];
        mean[ch] += a * dm;
        var[ch] = (1 - a) * (var[ch] + a * dm * dm);
        dev = samples < 2 ? 0 : (x - mean[ch]) / std(ch);
      }
      z[ch] = Math.max(-CLIP, Math.min(CLIP, dev));
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
    for (long r : run) {
      out.writeLong(r);
    }
    out.writeLong(samples);
  }

  void readState(DataInput in) throws IOException {
    StateIO.readArray(in, mean);
    StateIO.readArray(in, var);
    for (int ch = 0; ch < channels; ch++) {
      run[ch] = in.readLong();
    }
    samples = in.readLong();
  }
}
