package io.streamlearn.models.eeg;

import io.streamlearn.models.StateIO;
import io.streamlearn.models.Rng;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Live model of one EEG recording. Per sample: normalise every channel ({@link ChannelNormalizer}),
 * score the forecast made for this sample ({@link OneStepForecast}) and let the {@link RlsReadout}
 * learn from it, drive the reservoir (an adaptive {@link EiReservoir}, or as a baseline a plain
 * {@link EchoStateNetwork}) and forecast the next sample of every channel from the
 * {@link ReadoutFeatures}. Per block: the forecasts, per-channel RMS errors, an {@link AnomalyScore}
 * against the recording's own baseline and the events of the {@link AlertHysteresis}. All times are
 * event times carried by the data (block start in epoch millis plus sample index / rate); no clock is
 * read.
 *
 * <p>In event time, the reservoir's inhibitory gains adapt for {@link Config#adaptationSeconds} and
 * then stay fixed; the score's baseline starts after that, and there is no score before
 * {@link Config#scoreWarmupSeconds} of signal.
 *
 * <p>A full RLS over all N neurons costs O(N²) per sample, so the readout sees a fixed random subset
 * of {@link Config#readoutNeurons} neurons and learns from every {@link Config#learnEvery}-th sample
 * (it forecasts every sample); the reservoir is sparse ({@link #reservoirConfig}).
 */
public final class EegMonitor {

  /** The recurrent network: the adaptive E/I reservoir, or a plain echo state network as a baseline. */
  public enum ReservoirKind { ADAPTIVE_EI, ESN }

  /** Configuration; thresholds and time constants in event-time units. */
  public record Config(int channels, double sampleRate, ReservoirKind reservoirKind, int reservoirSize,
      int readoutNeurons, int learnEvery, double forgetting, double adaptationSeconds, double scoreWarmupSeconds,
      double raiseThreshold, double releaseThreshold, long minDurationMillis, double errorWindowSeconds,
      double baselineHalfLifeSeconds, double normHalfLifeSeconds, long seed) {

    public Config {
      if (channels < 1 || !(sampleRate > 0) || reservoirSize < 2 || readoutNeurons < 0 || learnEvery < 1
          || !(errorWindowSeconds > 0)) {
        throw new IllegalArgumentException("invalid EegMonitor configuration");
      }
      if (!(releaseThreshold <= raiseThreshold)) {
        throw new IllegalArgumentException("releaseThreshold must be <= raiseThreshold");
      }
    }

    /**
     * Adaptive E/I reservoir, N = 500, 100 readout neurons, learn every 2nd sample, λ = 0.9995,
     * adaptation 60 s, scores after 120 s, error window 1 s, raise at z ≥ 3 held 8 s, release below
     * z = 1.5, baseline half-life 10 min, normalisation half-life 5 min (alert thresholds chosen on
     * synthetic EEG, seeds 1 and 11 of {@code experiment eeg-alerts}).
     */
    public static Config defaults(int channels, double sampleRate, long seed) {
      return new Config(channels, sampleRate, ReservoirKind.ADAPTIVE_EI, 500, 100, 2, 0.9995, 60, 120, 3.0, 1.5, 8000,
          1.0, 600, 300, seed);
    }

    public Config withReservoir(int size, int readout, int learnEvery) {
      return new Config(channels, sampleRate, reservoirKind, size, readout, learnEvery, forgetting, adaptationSeconds,
          scoreWarmupSeconds, raiseThreshold, releaseThreshold, minDurationMillis, errorWindowSeconds,
          baselineHalfLifeSeconds, normHalfLifeSeconds, seed);
    }

    public Config withReservoirKind(ReservoirKind kind) {
      return new Config(channels, sampleRate, kind, reservoirSize, readoutNeurons, learnEvery, forgetting,
          adaptationSeconds, scoreWarmupSeconds, raiseThreshold, releaseThreshold, minDurationMillis, errorWindowSeconds,
          baselineHalfLifeSeconds, normHalfLifeSeconds, seed);
    }

    public Config withThresholds(double raise, double release, long minDurationMs) {
      return new Config(channels, sampleRate, reservoirKind, reservoirSize, readoutNeurons, learnEvery, forgetting,
          adaptationSeconds, scoreWarmupSeconds, raise, release, minDurationMs, errorWindowSeconds,
          baselineHalfLifeSeconds, normHalfLifeSeconds, seed);
    }

    public Config withWarmups(double adaptation, double score) {
      return new Config(channels, sampleRate, reservoirKind, reservoirSize, readoutNeurons, learnEvery, forgetting,
          adaptation, score, raiseThreshold, releaseThreshold, minDurationMillis, errorWindowSeconds,
          baselineHalfLifeSeconds, normHalfLifeSeconds, seed);
    }

    public Config withErrorWindow(double seconds) {
      return new Config(channels, sampleRate, reservoirKind, reservoirSize, readoutNeurons, learnEvery, forgetting,
          adaptationSeconds, scoreWarmupSeconds, raiseThreshold, releaseThreshold, minDurationMillis, seconds,
          baselineHalfLifeSeconds, normHalfLifeSeconds, seed);
    }
  }

  public enum Kind { RAISED, ENDED }

  /** An alert transition; for RAISED, endMillis = −1 and the peak/channels are those so far. */
  public record AlertEvent(Kind kind, long startMillis, long endMillis, double peakScore, int[] channels) {}

  /**
   * What one block yields.
   *
   * @param forecast next-sample forecast per channel after the block's last sample (physical units)
   * @param channelRmse per-channel RMS one-step error over the block (normalised units: multiples of
   *     the channel's running std)
   * @param channelError per-channel RMS one-step error over the block in physical units (sample minus
   *     the forecast made for it)
   * @param score anomaly score, NaN while warming up
   */
  public record BlockResult(long startMillis, long endMillis, double[] forecast, double[] channelRmse,
      double[] channelError, double score, List<AlertEvent> events) {}

  /** δ of the readout's initial P = δ·I. */
  public static final double RLS_DELTA = 10.0;

  private final Config cfg;
  private final Reservoir reservoir;
  private final ReadoutFeatures readoutFeatures;
  private final RlsReadout readout;
  private final ChannelNormalizer normalizer;
  private final OneStepForecast forecast;
  private final AnomalyScore anomaly;
  private final AlertHysteresis alerts;
  private final double[] z; // the current sample, normalised
  private final double[] features; // scratch
  private final double[] channelZ; // of the last scored block: the score writes it, the alerts read it

  /**
   * The live E/I reservoir: in-degrees 10 E + 3 I, input fan-in 4 (at most {@code channels}), input
   * scale 0.5, leak 0.5, log-normal targets around 0.2 (σ = 0.5) clipped to [0.05, 0.4].
   */
  public static EiConfig reservoirConfig(int size, int channels, long seed) {
    return EiConfig.defaults(size, channels, seed).withInDegrees(10, 3).withInput(0.5, Math.min(4, channels))
        .withLeak(0.5).withTargets(0.2, 0.5).withTargetClip(0.05, 0.4);
  }

  public EegMonitor(Config cfg) {
    this.cfg = cfg;
    int c = cfg.channels();
    this.reservoir = newReservoir(cfg);
    this.readoutFeatures = new ReadoutFeatures(cfg.reservoirSize(), cfg.readoutNeurons(), c, Rng.derive(cfg.seed(), 2));
    int d = readoutFeatures.size();
    this.readout = new RlsReadout(d, c, cfg.forgetting(), RLS_DELTA);
    this.normalizer = new ChannelNormalizer(c, cfg.normHalfLifeSeconds(), cfg.sampleRate());
    this.forecast = new OneStepForecast(c, d, cfg.errorWindowSeconds(), cfg.sampleRate());
    this.anomaly = new AnomalyScore(c, cfg.baselineHalfLifeSeconds(), cfg.releaseThreshold());
    this.alerts = new AlertHysteresis(c, cfg.raiseThreshold(), cfg.releaseThreshold(), cfg.minDurationMillis());
    this.z = new double[c];
    this.features = new double[d];
    this.channelZ = new double[c];
  }

  private static Reservoir newReservoir(Config cfg) {
    long seed = Rng.derive(cfg.seed(), 1);
    if (cfg.reservoirKind() == ReservoirKind.ADAPTIVE_EI) {
      EiReservoir ei = new EiReservoir(reservoirConfig(cfg.reservoirSize(), cfg.channels(), seed));
      ei.setAdapting(cfg.adaptationSeconds() > 0);
      return ei;
    }
    // Same recurrent in-degree (13), input scale and leak as the E/I reservoir, spectral radius 0.9.
    return new EchoStateNetwork(new EchoStateNetwork.Config(cfg.reservoirSize(), cfg.channels(), 13, 0.9, 0.5, 0.0,
        0.5, seed));
  }

  public Config config() {
    return cfg;
  }

  /** Processes a channel-major block {@code block[channel][sample]} whose first sample is at {@code startMillis}. */
  public BlockResult process(double[][] block, double sampleRate, long startMillis) {
    if (block.length != cfg.channels()) {
      throw new IllegalArgumentException("expected " + cfg.channels() + " channels, got " + block.length);
    }
    if (sampleRate != cfg.sampleRate()) {
      throw new IllegalArgumentException("sample rate " + sampleRate + " differs from configured " + cfg.sampleRate());
    }
    int len = block[0].length;
    for (double[] ch : block) {
      if (ch.length != len) {
        throw new IllegalArgumentException("channels of different lengths");
      }
    }
    long adaptationEnd = (long) (cfg.adaptationSeconds() * cfg.sampleRate());
    forecast.startBlock();
    for (int k = 0; k < len; k++) {
      long t = normalizer.samples();
      normalizer.normalize(block, k, z);
      if (forecast.pending()) {
        forecast.score(z, block, k);
        if (t % cfg.learnEvery() == 0) {
          readout.update(forecast.features(), z);
        }
      }
      if (t == adaptationEnd && reservoir instanceof EiReservoir ei) {
        ei.setAdapting(false);
      }
      reservoir.step(z);
      readoutFeatures.fill(reservoir.state(), z, features);
      forecast.forecast(readout, features, normalizer);
    }
    long endMillis = startMillis + Math.round(len * 1000.0 / cfg.sampleRate());
    List<AlertEvent> events = new ArrayList<>(2);
    double score = Double.NaN;
    long samples = normalizer.samples();
    // The baseline starts once the reservoir's adaptation is over: the model's own learning curve
    // is not the recording's normal, and would inflate the baseline's spread for many minutes.
    if (forecast.scored() > 0 && samples > cfg.adaptationSeconds() * cfg.sampleRate()) {
      boolean enoughSignal = samples >= cfg.scoreWarmupSeconds() * cfg.sampleRate();
      score = anomaly.score(forecast.window(), len / cfg.sampleRate(), enoughSignal, channelZ);
      if (!Double.isNaN(score)) {
        alerts.update(score, channelZ, startMillis, endMillis, events);
      }
    }
    return new BlockResult(startMillis, endMillis, forecast.physical(), forecast.blockRmse(),
        forecast.blockRmsePhysical(), score, events);
  }

  /**
   * Writes the whole state. The layout is the one snapshots of state version 2 have (RecordingLogic):
   * changing it needs a new state version.
   */
  public void writeState(DataOutput out) throws IOException {
    out.writeInt(cfg.channels());
    out.writeDouble(cfg.sampleRate());
    out.writeInt(cfg.reservoirKind().ordinal());
    reservoir.writeState(out);
    readout.writeState(out);
    normalizer.writeState(out);
    forecast.writeState(out);
    anomaly.writeState(out);
    alerts.writeState(out);
    StateIO.writeArray(out, channelZ);
  }

  /** Restores into a monitor built with the same {@link Config}. */
  public void readState(DataInput in) throws IOException {
    if (in.readInt() != cfg.channels() || in.readDouble() != cfg.sampleRate()) {
      throw new IOException("snapshot of a different montage");
    }
    if (in.readInt() != cfg.reservoirKind().ordinal()) {
      throw new IOException("snapshot of a different reservoir kind");
    }
    reservoir.readState(in);
    readout.readState(in);
    normalizer.readState(in);
    forecast.readState(in);
    anomaly.readState(in);
    alerts.readState(in);
    StateIO.readArray(in, channelZ);
  }
}
