package io.streamlearn.models.eeg;

import io.streamlearn.models.StateIO;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One sample of {@link EegMonitor}'s forecasting: score what was forecast for it, learn, drive the
 * reservoir with the artifact-free sample and forecast every horizon with the model (AR plus the
 * reservoir's correction), AR alone and persistence. The readout's targets are the AR's errors
 * (sample minus the AR forecast made h samples earlier), so its weights learn what the reservoir
 * adds to AR. The correction enters the model's forecast with a weight per channel and horizon,
 * itself fitted online (a one-feature RLS of the AR's error on the correction made for it): where the
 * readout's estimation noise outweighs what it knows, as on white noise or a pure sine that AR already
 * gets right, the weight shrinks towards 0 and the model falls back on AR.
 */
final class Forecaster {
  private final int channels;
  private final int[] horizons;
  private final int ring;
  private final Reservoir reservoir;
  private final ReadoutFeatures readoutFeatures;
  private final DelayedRls readout;
  private final ArForecast ar;
  private final ForecastBook book;
  private final double[][][] arMade; // [ring][horizon][channel]: AR forecasts, normalised
  private final double[][][] corrMade; // [ring][horizon][channel]: the readout's corrections
  private final double[][] mix; // [horizon][channel]: weight of the correction
  private final double[][] mixP; // [horizon][channel]: its RLS variance
  private final int[] imputedRun; // consecutive imputed samples per channel
  private final double[] clean;
  private final double[] features;
  private final double[] target;
  private final double[] scratch;
  private final double[] arF;
  private final double[] corr;
  private final double[] model;
  private long samples;

  /** Forgetting factor of the correction weights: a memory of about 10⁴ samples. */
  private static final double MIX_FORGETTING = 0.9999;

  /** Initial variance of the correction weights (they start at 0: AR alone). */
  private static final double MIX_DELTA = 1;

  Forecaster(int channels, int[] horizons, Reservoir reservoir, ReadoutFeatures readoutFeatures, int arOrder,
      double forgetting, double clip, ForecastBook book) {
    this.channels = channels;
    this.horizons = horizons.clone();
    this.ring = horizons[horizons.length - 1] + 1;
    this.reservoir = reservoir;
    this.readoutFeatures = readoutFeatures;
    this.readout = new DelayedRls(readoutFeatures.size(), channels, horizons, forgetting, EegMonitor.RLS_DELTA, clip);
    this.ar = new ArForecast(channels, arOrder, horizons, forgetting, clip);
    this.book = book;
    this.arMade = new double[ring][horizons.length][channels];
    this.corrMade = new double[ring][horizons.length][channels];
    this.mix = new double[horizons.length][channels];
    this.mixP = new double[horizons.length][channels];
    for (double[] p : mixP) {
      java.util.Arrays.fill(p, MIX_DELTA);
    }
    this.imputedRun = new int[channels];
    this.clean = new double[channels];
    this.features = new double[readoutFeatures.size()];
    this.target = new double[channels];
    this.scratch = new double[channels];
    this.arF = new double[channels];
    this.corr = new double[channels];
    this.model = new double[channels];
  }

  /**
   * Sample t: {@code x} physical, {@code z} normalised and clipped, {@code artifact} flags; the
   * readout learns from t's features if {@code learnReadout}.
   */
  void step(double[] x, double[] z, boolean[] artifact, boolean learnReadout, ChannelNormalizer normalizer) {
    book.score(x, z, artifact);
    ar.learn(z, artifact);
    for (int j = 0; j < horizons.length; j++) {
      if (samples >= horizons[j]) {
        int slot = (int) ((samples - horizons[j]) % ring);
        double[] made = arMade[slot][j];
        double[] q = corrMade[slot][j];
        for (int c = 0; c < channels; c++) {
          target[c] = z[c] - made[c];
          if (!artifact[c]) {
            // scalar RLS of the AR's error on the correction: w += k (e − w q), k = P q / (λ + q P q)
            double pq = mixP[j][c] * q[c];
            double k = pq / (MIX_FORGETTING + q[c] * pq);
            mix[j][c] += k * (target[c] - mix[j][c] * q[c]);
            mixP[j][c] = (mixP[j][c] - k * pq) / MIX_FORGETTING;
          }
        }
        readout.learn(j, target, artifact, scratch);
      }
    }
    double[] oneStep = samples > 0 ? book.previousOneStep() : null;
    for (int c = 0; c < channels; c++) {
      boolean impute = artifact[c] && oneStep != null && imputedRun[c] < EegMonitor.MAX_IMPUTED;
      imputedRun[c] = impute ? imputedRun[c] + 1 : 0;
      clean[c] = impute ? Math.max(-ChannelNormalizer.CLIP, Math.min(ChannelNormalizer.CLIP, oneStep[c])) : z[c];
    }
    ar.push(clean);
    reservoir.step(clean);
    readoutFeatures.fill(reservoir.state(), clean, features);
    readout.push(features, learnReadout);
    for (int j = 0; j < horizons.length; j++) {
      ar.forecast(j, arF);
      System.arraycopy(arF, 0, arMade[(int) (samples % ring)][j], 0, channels);
      readout.predict(j, features, corr);
      System.arraycopy(corr, 0, corrMade[(int) (samples % ring)][j], 0, channels);
      for (int c = 0; c < channels; c++) {
        model[c] = arF[c] + mix[j][c] * corr[c];
      }
      if (j == 0) {
        System.arraycopy(model, 0, book.oneStepSlot(), 0, channels);
      }
      normalizer.toPhysical(model, book.slot(ForecastBook.MODEL, j));
      normalizer.toPhysical(arF, book.slot(ForecastBook.AR, j));
      System.arraycopy(x, 0, book.slot(ForecastBook.PERSISTENCE, j), 0, channels);
    }
    book.advance();
    samples++;
  }

  Reservoir reservoir() {
    return reservoir;
  }

  void writeState(DataOutput out) throws IOException {
    reservoir.writeState(out);
    readout.writeState(out);
    ar.writeState(out);
    book.writeState(out);
    for (double[][] r : arMade) {
      for (double[] h : r) {
        StateIO.writeArray(out, h);
      }
    }
    for (int r = 0; r < ring; r++) {
      for (double[] h : corrMade[r]) {
        StateIO.writeArray(out, h);
      }
    }
    for (int j = 0; j < horizons.length; j++) {
      StateIO.writeArray(out, mix[j]);
      StateIO.writeArray(out, mixP[j]);
    }
    for (int v : imputedRun) {
      out.writeInt(v);
    }
    out.writeLong(samples);
  }

  void readState(DataInput in) throws IOException {
    reservoir.readState(in);
    readout.readState(in);
    ar.readState(in);
    book.readState(in);
    for (double[][] r : arMade) {
      for (double[] h : r) {
        StateIO.readArray(in, h);
      }
    }
    for (int r = 0; r < ring; r++) {
      for (double[] h : corrMade[r]) {
        StateIO.readArray(in, h);
      }
    }
    for (int j = 0; j < horizons.length; j++) {
      StateIO.readArray(in, mix[j]);
      StateIO.readArray(in, mixP[j]);
    }
    for (int c = 0; c < channels; c++) {
      imputedRun[c] = in.readInt();
    }
    samples = in.readLong();
  }
}
