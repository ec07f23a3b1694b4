package io.streamlearn.models.eeg;

import io.streamlearn.models.StateIO;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The forecasts made so far, until their samples arrive, and their errors: for each method (the
 * model, AR, persistence; {@link #MODEL}, {@link #AR}, {@link #PERSISTENCE}) and horizon h, the
 * physical forecast made at sample t for t + h is kept in a ring and scored when t + h arrives. Per
 * block: the sum of squared errors per method, horizon and channel. Per sample: an exponential window
 * of the model's squared one-step error in normalised units, which the anomaly score reads at the end
 * of a block (so the score does not depend on how the producer cuts blocks); artifact samples leave
 * it unchanged.
 */
final class ForecastBook {
  static final int MODEL = 0;
  static final int AR = 1;
  static final int PERSISTENCE = 2;
  static final int METHODS = 3;

  private final int channels;
  private final int[] horizons;
  private final int ring;
  private final double windowAlpha;
  private final double[][][][] made; // [ring][method][horizon][channel], physical
  private final double[][] madeOneStep; // [ring][channel]: the model's one-step forecast, normalised
  private final double[] window;
  private final double[][][] sqErr; // [method][horizon][channel], current block
  private final int[] scored; // [horizon], current block
  private long seen; // samples whose forecasts were recorded

  ForecastBook(int channels, int[] horizons, double errorWindowSeconds, double sampleRate) {
    this.channels = channels;
    this.horizons = horizons.clone();
    this.ring = horizons[horizons.length - 1] + 1;
    this.windowAlpha = 1 - Math.exp(-1 / (errorWindowSeconds * sampleRate));
    this.made = new double[ring][METHODS][horizons.length][channels];
    this.madeOneStep = new double[ring][channels];
    this.window = new double[channels];
    Arrays.fill(window, 1);
    this.sqErr = new double[METHODS][horizons.length][channels];
    this.scored = new int[horizons.length];
  }

  void startBlock() {
    for (double[][] m : sqErr) {
      for (double[] h : m) {
        Arrays.fill(h, 0);
      }
    }
    Arrays.fill(scored, 0);
  }

  /**
   * Scores every forecast made for the sample that has just arrived: {@code x} physical, {@code z}
   * normalised (for the one-step window, assumed horizon index 0 = one sample).
   */
  void score(double[] x, double[] z, boolean[] artifact) {
    for (int j = 0; j < horizons.length; j++) {
      int h = horizons[j];
      if (seen < h) {
        continue;
      }
      double[][][] at = made[(int) ((seen - h) % ring)];
      for (int m = 0; m < METHODS; m++) {
        double[] f = at[m][j];
        double[] acc = sqErr[m][j];
        for (int c = 0; c < channels; c++) {
          double e = x[c] - f[c];
          acc[c] += e * e;
        }
      }
      scored[j]++;
    }
    if (seen >= 1) {
      double[] f = madeOneStep[(int) ((seen - 1) % ring)];
      for (int c = 0; c < channels; c++) {
        if (!artifact[c]) {
          double e = z[c] - f[c];
          window[c] += windowAlpha * (e * e - window[c]);
        }
      }
    }
  }

  /** Records method m's forecasts of horizon j made at the current sample (physical units). */
  double[] slot(int m, int j) {
    return made[(int) (seen % ring)][m][j];
  }

  /** Records the model's one-step forecast (normalised) made at the current sample. */
  double[] oneStepSlot() {
    return madeOneStep[(int) (seen % ring)];
  }

  /** The model's one-step forecast (normalised) for the current sample, made at the previous one; a live view. */
  double[] previousOneStep() {
    return madeOneStep[(int) ((seen - 1 + ring) % ring)];
  }

  /** Ends the current sample: its forecasts are recorded. */
  void advance() {
    seen++;
  }

  /** The forecasts of method m, horizon j, made at the last sample (a copy). */
  double[] latest(int m, int j) {
    return made[(int) ((seen - 1 + ring) % ring)][m][j].clone();
  }

  /** Samples of the current block whose horizon-j forecasts have been scored. */
  int scored(int j) {
    return scored[j];
  }

  /** Per-channel RMS error of method m at horizon j over the current block (0 if nothing was scored). */
  double[] blockRmse(int m, int j) {
    double[] out = new double[channels];
    for (int c = 0; c < channels; c++) {
      out[c] = scored[j] > 0 ? Math.sqrt(sqErr[m][j][c] / scored[j]) : 0;
    }
    return out;
  }

  /** The windowed mean squared normalised one-step error per channel; a live view. */
  double[] window() {
    return window;
  }

  void writeState(DataOutput out) throws IOException {
    for (int r = 0; r < ring; r++) {
      for (int m = 0; m < METHODS; m++) {
        for (double[] f : made[r][m]) {
          StateIO.writeArray(out, f);
        }
      }
      StateIO.writeArray(out, madeOneStep[r]);
    }
    StateIO.writeArray(out, window);
    out.writeLong(seen);
  }

  void readState(DataInput in) throws IOException {
    for (int r = 0; r < ring; r++) {
      for (int m = 0; m < METHODS; m++) {
        for (double[] f : made[r][m]) {
          StateIO.readArray(in, f);
        }
      }
      StateIO.readArray(in, madeOneStep[r]);
    }
    StateIO.readArray(in, window);
    seen = in.readLong();
  }
}
