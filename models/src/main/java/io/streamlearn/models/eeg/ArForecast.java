package io.streamlearn.models.eeg;

import io.streamlearn.models.StateIO;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The AR(p) baseline, and the first part of the live forecast: per channel, the sample h steps ahead
 * as a linear function of that channel's last p (normalised, artifact-free) samples, one weight
 * vector per horizon (direct forecasting), fitted online by robust RLS ({@link DelayedRls}: one P per
 * channel shared by the horizons, clipped errors, artifact targets skipped).
 */
final class ArForecast {
  private final int channels;
  private final int order;
  private final DelayedRls[] rls;
  private final double[][] lags; // [channel][p], newest first
  private final double[] x; // scratch
  private final double[] one = new double[1];
  private final double[] pred = new double[1];
  private final boolean[] skipOne = new boolean[1];

  ArForecast(int channels, int order, int[] horizons, double forgetting, double clip) {
    this.channels = channels;
    this.order = order;
    this.rls = new DelayedRls[channels];
    for (int c = 0; c < channels; c++) {
      rls[c] = new DelayedRls(order, 1, horizons, forgetting, EegMonitor.RLS_DELTA, clip);
    }
    this.lags = new double[channels][order];
    this.x = new double[order];
  }

  /** Learns, for every horizon, from the sample that has just arrived ({@code z}, normalised); flagged channels are skipped. */
  void learn(double[] z, boolean[] artifact) {
    for (int c = 0; c < channels; c++) {
      if (artifact[c]) {
        continue;
      }
      one[0] = z[c];
      for (int j = 0; j < rls[c].horizonCount(); j++) {
        rls[c].learn(j, one, skipOne, pred);
      }
    }
  }

  /** Shifts the artifact-free sample {@code clean} into the lags; the features of the next forecasts. */
  void push(double[] clean) {
    for (int c = 0; c < channels; c++) {
      double[] l = lags[c];
      System.arraycopy(l, 0, l, 1, order - 1);
      l[0] = clean[c];
      rls[c].push(l, true);
    }
  }

  /** Horizon j's forecast of every channel, normalised units, into {@code out}. */
  void forecast(int j, double[] out) {
    for (int c = 0; c < channels; c++) {
      System.arraycopy(lags[c], 0, x, 0, order);
      rls[c].predict(j, x, pred);
      out[c] = pred[0];
    }
  }

  void writeState(DataOutput out) throws IOException {
    for (int c = 0; c < channels; c++) {
      rls[c].writeState(out);
      StateIO.writeArray(out, lags[c]);
    }
  }

  void readState(DataInput in) throws IOException {
    for (int c = 0; c < channels; c++) {
      rls[c].readState(in);
      StateIO.readArray(in, lags[c]);
    }
  }
}
