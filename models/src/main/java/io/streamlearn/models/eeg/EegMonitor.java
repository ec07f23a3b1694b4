package io.streamlearn.models.eeg;

import io.streamlearn.models.StateIO;
import io.streamlearn.models.Rng;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Live model of one EEG recording. Per sample: normalise every channel and flag artifacts
 * ({@link ChannelNormalizer}); score the forecasts made for this sample ({@link ForecastBook}) and
 * learn from them; drive the reservoir (an adaptive {@link EiReservoir}, or as a baseline a plain
 * {@link EchoStateNetwork}) with the artifact-free sample; forecast every channel at every horizon.
 *
 * <p>The forecast of horizon h is the AR(p) forecast ({@link ArForecast}, per channel, on that
 * channel's last p samples) plus a correction the reservoir's readout ({@link DelayedRls} over the
 * {@link ReadoutFeatures}) has learned for the AR's errors: the reservoir earns its place by what it
 * adds to AR. Persistence (the last sample) and AR alone are computed beside it, scored alike and
 * published, so a reader sees the model's skill per block. Learning is robust: errors are clipped at
 * a multiple of their running RMS, artifact samples are not learned from, and up to
 * {@link #MAX_IMPUTED} consecutive artifact samples of a channel are replaced, as inputs, by the
 * model's own one-step forecast.
 *
 * <p>Per block: the forecasts, the per-channel RMS errors of each method and horizon, the artifact
 * samples per channel, an {@link AnomalyScore} from the model's one-step error against the
 * recording's own baseline, the episodes of the {@link AlertHysteresis} and the {@link ArtifactEvents}.
 * All times are event times carried by the data (block start in epoch millis plus sample index /
 * rate); no clock is read.
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

  /**
   * Configuration; thresholds and time constants in event-time units.
   *
   * @param horizons forecast horizons in samples, ascending, the first 1 (the score's one-step error)
   * @param arOrder p of the AR forecast
   */
  public record Config(int channels, double sampleRate, ReservoirKind reservoirKind, int reservoirSize,
      int readoutNeurons, int learnEvery, double forgetting, double adaptationSeconds, double scoreWarmupSeconds,
      double raiseThreshold, double releaseThreshold, long minDurationMillis, double errorWindowSeconds,
      double baselineHalfLifeSeconds, double normHalfLifeSeconds, int[] horizons, int arOrder, long seed) {

    public Config {
      if (channels < 1 || !(sampleRate > 0) || reservoirSize < 2 || readoutNeurons < 0 || learnEvery < 1
          || !(errorWindowSeconds > 0) || arOrder < 1) {
        throw new IllegalArgumentException("invalid EegMonitor configuration");
      }
      if (!(releaseThreshold <= raiseThreshold)) {
        throw new IllegalArgumentException("releaseThreshold must be <= raiseThreshold");
      }
      horizons = horizons.clone();
      if (horizons.length == 0 || horizons[0] != 1) {
        throw new IllegalArgumentException("the first forecast horizon must be 1 sample");
      }
      for (int i = 1; i < horizons.length; i++) {
        if (horizons[i] <= horizons[i - 1]) {
          throw new IllegalArgumentException("forecast horizons must be ascending and distinct: "
              + java.util.Arrays.toString(horizons));
        }
      }
    }

    @Override
    public int[] horizons() {
      return horizons.clone();
    }

    /**
     * Adaptive E/I reservoir, N = 500, 100 readout neurons, learn every 2nd sample, λ = 0.9995,
     * adaptation 10 s, scores after 20 s, error window 1 s, raise at z ≥ 3 held 8 s, release below
     * z = 1.5, baseline half-life 10 min, normalisation half-life 5 min, horizons 1 sample and 100 ms,
     * AR order 8.
     */
    public static Config defaults(int channels, double sampleRate, long seed) {
      return new Config(channels, sampleRate, ReservoirKind.ADAPTIVE_EI, 500, 100, 2, 0.9995, 10, 20, 3.0, 1.5, 8000,
          1.0, 600, 300, horizonsFor(sampleRate, 0.1), 8, seed);
    }

    /** {1, round(seconds · rate)} (just {1} when that rounds to 1 or less). */
    public static int[] horizonsFor(double sampleRate, double seconds) {
      int h = (int) Math.round(seconds * sampleRate);
      return h > 1 ? new int[] {1, h} : new int[] {1};
    }

    public Config withReservoir(int size, int readout, int learnEvery) {
      return new Config(channels, sampleRate, reservoirKind, size, readout, learnEvery, forgetting, adaptationSeconds,
          scoreWarmupSeconds, raiseThreshold, releaseThreshold, minDurationMillis, errorWindowSeconds,
          baselineHalfLifeSeconds, normHalfLifeSeconds, horizons, arOrder, seed);
    }

    public Config withReservoirKind(ReservoirKind kind) {
      return new Config(channels, sampleRate, kind, reservoirSize, readoutNeurons, learnEvery, forgetting,
          adaptationSeconds, scoreWarmupSeconds, raiseThreshold, releaseThreshold, minDurationMillis, errorWindowSeconds,
          baselineHalfLifeSeconds, normHalfLifeSeconds, horizons, arOrder, seed);
    }

    public Config withThresholds(double raise, double release, long minDurationMs) {
      return new Config(channels, sampleRate, reservoirKind, reservoirSize, readoutNeurons, learnEvery, forgetting,
          adaptationSeconds, scoreWarmupSeconds, raise, release, minDurationMs, errorWindowSeconds,
          baselineHalfLifeSeconds, normHalfLifeSeconds, horizons, arOrder, seed);
    }

    public Config withWarmups(double adaptation, double score) {
      return new Config(channels, sampleRate, reservoirKind, reservoirSize, readoutNeurons, learnEvery, forgetting,
          adaptation, score, raiseThreshold, releaseThreshold, minDurationMillis, errorWindowSeconds,
          baselineHalfLifeSeconds, normHalfLifeSeconds, horizons, arOrder, seed);
    }

    public Config withErrorWindow(double seconds) {
      return new Config(channels, sampleRate, reservoirKind, reservoirSize, readoutNeurons, learnEvery, forgetting,
          adaptationSeconds, scoreWarmupSeconds, raiseThreshold, releaseThreshold, minDurationMillis, seconds,
          baselineHalfLifeSeconds, normHalfLifeSeconds, horizons, arOrder, seed);
    }

    public Config withForecast(int[] horizonSamples, int order, double lambda) {
      return new Config(channels, sampleRate, reservoirKind, reservoirSize, readoutNeurons, learnEvery, lambda,
          adaptationSeconds, scoreWarmupSeconds, raiseThreshold, releaseThreshold, minDurationMillis, errorWindowSeconds,
          baselineHalfLifeSeconds, normHalfLifeSeconds, horizonSamples, order, seed);
    }
  }

  /** RAISED and ENDED: an episode of the score opening and closing; ARTIFACT: a short, huge artifact, once it is over. */
  public enum Kind { RAISED, ENDED, ARTIFACT }

  /**
   * An alert transition; for RAISED, endMillis = −1 and the peak/channels are those so far. For
   * ARTIFACT the peak is the largest deviation in running standard deviations, not a score.
   */
  public record AlertEvent(Kind kind, long startMillis, long endMillis, double peakScore, int[] channels) {}

  /**
   * What one block yields.
   *
   * @param horizons forecast horizons in samples (the first is 1)
   * @param forecasts [horizon][channel]: the model's forecast of the sample h after the block's last
   *     one, physical units
   * @param errors [method][horizon][channel]: RMS error over the block of the forecasts whose sample
   *     fell in it, physical units; methods {@link #METHODS} (model, AR, persistence)
   * @param artifactSamples per channel, the block's samples flagged as artifacts
   * @param score anomaly score, NaN while warming up
   */
  public record BlockResult(long startMillis, long endMillis, int[] horizons, double[][] forecasts,
      double[][][] errors, int[] artifactSamples, double score, List<AlertEvent> events) {

    /** The model's one-step forecast per channel. */
    public double[] forecast() {
      return forecasts[0];
    }

    /** The model's one-step RMS error per channel over the block. */
    public double[] channelError() {
      return errors[0][0];
    }
  }

  /** Names of the methods in {@link BlockResult#errors}, in order. */
  public static final List<String> METHODS = List.of("model", "ar", "persistence");

  /** δ of the readouts' initial P = δ·I. */
  public static final double RLS_DELTA = 10.0;

  /** Consecutive artifact samples of a channel replaced, as inputs, by the model's own forecast. */
  static final int MAX_IMPUTED = 8;

  /** Learning clips each error at this multiple of its running RMS. */
  static final double ERROR_CLIP = 4;

  /** Gaps between artifact samples shorter than this are one artifact event. */
  static final double ARTIFACT_GAP_SECONDS = 0.25;

  private final Config cfg;
  private final int[] horizons;
  private final ChannelNormalizer normalizer;
  private final ForecastBook book;
  private final Forecaster forecaster;
  private final AnomalyScore anomaly;
  private final AlertHysteresis alerts;
  private final ArtifactEvents artifacts;
  private final double[] x; // the current sample, physical
  private final double[] z; // the current sample, normalised
  private final boolean[] artifact;
  private final double[] deviation;
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
    this.horizons = cfg.horizons();
    ReadoutFeatures features = new ReadoutFeatures(cfg.reservoirSize(), cfg.readoutNeurons(), c, Rng.derive(cfg.seed(), 2));
    this.normalizer = new ChannelNormalizer(c, cfg.normHalfLifeSeconds(), cfg.sampleRate());
    this.book = new ForecastBook(c, horizons, cfg.errorWindowSeconds(), cfg.sampleRate());
    this.forecaster = new Forecaster(c, horizons, newReservoir(cfg), features, cfg.arOrder(), cfg.forgetting(),
        ERROR_CLIP, book);
    this.anomaly = new AnomalyScore(c, cfg.baselineHalfLifeSeconds(), cfg.releaseThreshold());
    this.alerts = new AlertHysteresis(c, cfg.raiseThreshold(), cfg.releaseThreshold(), cfg.minDurationMillis());
    this.artifacts = new ArtifactEvents(c, Math.round(ARTIFACT_GAP_SECONDS * cfg.sampleRate()));
    this.x = new double[c];
    this.z = new double[c];
    this.artifact = new boolean[c];
    this.deviation = new double[c];
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
    List<AlertEvent> events = new ArrayList<>(2);
    int[] artifactSamples = new int[cfg.channels()];
    book.startBlock();
    for (int k = 0; k < len; k++) {
      long t = normalizer.samples();
      for (int ch = 0; ch < x.length; ch++) {
        x[ch] = block[ch][k];
      }
      normalizer.normalize(block, k, z, artifact, deviation);
      for (int ch = 0; ch < x.length; ch++) {
        artifactSamples[ch] += artifact[ch] ? 1 : 0;
      }
      long millis = startMillis + Math.round(k * 1000.0 / sampleRate);
      artifacts.update(artifact, deviation, millis, startMillis + Math.round((k + 1) * 1000.0 / sampleRate), events);
      if (t == adaptationEnd && forecaster.reservoir() instanceof EiReservoir ei) {
        ei.setAdapting(false);
      }
      forecaster.step(x, z, artifact, t % cfg.learnEvery() == 0, normalizer);
    }
    long endMillis = startMillis + Math.round(len * 1000.0 / cfg.sampleRate());
    double score = Double.NaN;
    long samples = normalizer.samples();
    // The baseline starts once the reservoir's adaptation is over: the model's own learning curve
    // is not the recording's normal, and would inflate the baseline's spread.
    if (book.scored(0) > 0 && samples > cfg.adaptationSeconds() * cfg.sampleRate()) {
      boolean enoughSignal = samples >= cfg.scoreWarmupSeconds() * cfg.sampleRate();
      score = anomaly.score(book.window(), len / cfg.sampleRate(), enoughSignal, channelZ);
      if (!Double.isNaN(score)) {
        alerts.update(score, channelZ, startMillis, endMillis, events);
      }
    }
    double[][] forecasts = new double[horizons.length][];
    double[][][] errors = new double[ForecastBook.METHODS][horizons.length][];
    for (int j = 0; j < horizons.length; j++) {
      forecasts[j] = book.latest(ForecastBook.MODEL, j);
      for (int m = 0; m < ForecastBook.METHODS; m++) {
        errors[m][j] = book.blockRmse(m, j);
      }
    }
    return new BlockResult(startMillis, endMillis, horizons.clone(), forecasts, errors, artifactSamples, score,
        events);
  }

  /**
   * Writes the whole state. The layout is the one snapshots of state version 3 have (RecordingLogic):
   * changing it needs a new state version.
   */
  public void writeState(DataOutput out) throws IOException {
    out.writeInt(cfg.channels());
    out.writeDouble(cfg.sampleRate());
    out.writeInt(cfg.reservoirKind().ordinal());
    StateIO.writeArray(out, java.util.Arrays.stream(horizons).asDoubleStream().toArray());
    forecaster.writeState(out);
    normalizer.writeState(out);
    anomaly.writeState(out);
    alerts.writeState(out);
    artifacts.writeState(out);
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
    double[] h = new double[horizons.length];
    StateIO.readArray(in, h);
    for (int j = 0; j < h.length; j++) {
      if (h[j] != horizons[j]) {
        throw new IOException("snapshot of other forecast horizons");
      }
    }
    forecaster.readState(in);
    normalizer.readState(in);
    anomaly.readState(in);
    alerts.readState(in);
    artifacts.readState(in);
    StateIO.readArray(in, channelZ);
  }
}
