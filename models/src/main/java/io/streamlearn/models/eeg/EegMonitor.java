package io.streamlearn.models.eeg;


import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Live model of one EEG recording: an adaptive {@link EiReservoir} (or, as a baseline, a plain
 * {@link EchoStateNetwork}) driven by the (per-channel, running-normalised) samples and an
 * {@link RlsReadout} forecasting the next sample of every channel.
 * Per block it returns the forecasts, per-channel RMS one-step error, an anomaly score and alert
 * events. All times are event times carried by the data (block start in epoch millis plus sample
 * index / rate); no clock is read.
 *
 * <p><b>Anomaly score.</b> Error E = mean over channels of the squared normalised one-step error,
 * averaged per sample over an exponential window of {@link Config#errorWindowSeconds} and read at the
 * end of each block, so the score does not depend on how the producer cuts blocks (short blocks alone
 * make it noisy); z = (log E − m) / s with m, s an exponentially weighted mean and standard deviation
 * of log E over this recording's own past blocks (half-life {@link Config#baselineHalfLifeSeconds}),
 * so each recording has its own baseline; the same per channel; score = max(z, max_c z_c). The
 * baseline starts after {@link Config#adaptationSeconds} and is not updated while the score is above
 * the release threshold (an episode must not become the new normal). No score before
 * {@link Config#scoreWarmupSeconds} of data.
 *
 * <p><b>Alerts.</b> A hysteresis state machine on the score: RAISED once the score has stayed ≥
 * {@code raiseThreshold} for ≥ {@code minDurationMillis} (event time), ENDED at the first block with
 * score &lt; {@code releaseThreshold}. One alert per episode; the ENDED event carries start, end, peak
 * score and the channels whose own error z-score exceeded {@code raiseThreshold} during the episode.
 *
 * <p><b>Speed.</b> A full RLS over all N = 500 neurons costs O(N²) = 250k multiply-adds per sample,
 * ~10× over the budget of 100× real time at 23 channels × 256 Hz. The readout therefore sees a fixed
 * random subset of {@link Config#readoutNeurons} neurons plus the current normalised input and a bias
 * (d ≈ 100 + 23 + 1), and the RLS learns every {@link Config#learnEvery}-th sample (it still predicts
 * every sample); the reservoir uses sparse in-degrees (10 E + 3 I) and input fan-in 4. Measured in
 * {@code EegMonitorTest#throughput} (printed, not asserted).
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

  private final Config cfg;
  private final int c;
  private final Reservoir reservoir;
  private final RlsReadout rls;
  private final int[] readoutIdx;
  private final int d;
  // running normalisation per channel
  private final double[] mean;
  private final double[] var;
  private long samples;
  // per-sample scratch and carried prediction
  private final double[] z;
  private final double[] features;
  private final double[] prevFeatures;
  private final double[] pred;
  private final double[] predPhysical;
  private boolean hasPred;
  private final double[] sqErr;
  private final double[] sqErrPhysical;
  private final double[] windowErr;
  // baselines
  private double logMean;
  private double logVar;
  private final double[] chLogMean;
  private final double[] chLogVar;
  private long baselineBlocks;
  // alert state
  private int state; // 0 idle, 1 pending, 2 active
  private long pendingStart;
  private double peak;
  private final boolean[] involved;
  private final double[] chZ;

  /** δ of the readout's initial P = δ·I. */
  public static final double RLS_DELTA = 10.0;

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
    this.c = cfg.channels();
    int n = cfg.reservoirSize();
    if (cfg.reservoirKind() == ReservoirKind.ADAPTIVE_EI) {
      EiReservoir ei = new EiReservoir(reservoirConfig(n, c, Rng.derive(cfg.seed(), 1)));
      ei.setAdapting(cfg.adaptationSeconds() > 0);
      this.reservoir = ei;
    } else {
      // Same recurrent in-degree (13), input scale and leak as the E/I reservoir, spectral radius 0.9.
      this.reservoir = new EchoStateNetwork(new EchoStateNetwork.Config(n, c, 13, 0.9, 0.5, 0.0, 0.5,
          Rng.derive(cfg.seed(), 1)));
    }
    int r = Math.min(cfg.readoutNeurons(), n);
    this.readoutIdx = new int[r];
    Rng rng = new Rng(Rng.derive(cfg.seed(), 2));
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int i = 0; i < r; i++) {
      int j = i + rng.nextInt(n - i);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
      readoutIdx[i] = perm[i];
    }
    java.util.Arrays.sort(readoutIdx);
    this.d = r + c + 1;
    this.rls = new RlsReadout(d, c, cfg.forgetting(), RLS_DELTA);
    this.mean = new double[c];
    this.var = new double[c];
    java.util.Arrays.fill(var, 1);
    this.z = new double[c];
    this.features = new double[d];
    this.prevFeatures = new double[d];
    this.pred = new double[c];
    this.predPhysical = new double[c];
    this.sqErr = new double[c];
    this.sqErrPhysical = new double[c];
    this.windowErr = new double[c];
    java.util.Arrays.fill(windowErr, 1);
    this.chLogMean = new double[c];
    this.chLogVar = new double[c];
    this.involved = new boolean[c];
    this.chZ = new double[c];
  }

  public Config config() {
    return cfg;
  }

  /** Processes a channel-major block {@code block[channel][sample]} whose first sample is at {@code startMillis}. */
  public BlockResult process(double[][] block, double sampleRate, long startMillis) {
    if (block.length != c) {
      throw new IllegalArgumentException("expected " + c + " channels, got " + block.length);
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
    java.util.Arrays.fill(sqErr, 0);
    java.util.Arrays.fill(sqErrPhysical, 0);
    int scored = 0;
    long adaptSamples = (long) (cfg.adaptationSeconds() * cfg.sampleRate());
    double normAlpha = 1 - Math.pow(0.5, 1 / (cfg.normHalfLifeSeconds() * cfg.sampleRate()));
    double windowAlpha = 1 - Math.exp(-1 / (cfg.errorWindowSeconds() * cfg.sampleRate()));
    for (int k = 0; k < len; k++) {
      // running per-channel normalisation: cumulative average at first, then an EW average
      double a = Math.max(normAlpha, 1.0 / (samples + 1));
      for (int ch = 0; ch < c; ch++) {
        double x = block[ch][k];
        double dm = x - mean[ch];
        mean[ch] += a * dm;
        var[ch] = (1 - a) * (var[ch] + a * dm * dm);
        double sd = Math.sqrt(var[ch]) + 1e-9;
        double v = samples < 2 ? 0 : (x - mean[ch]) / sd;
        z[ch] = Math.max(-8, Math.min(8, v)); // clip: a single pop must not saturate the reservoir for long
      }
      if (hasPred) {
        for (int ch = 0; ch < c; ch++) {
          double e = z[ch] - pred[ch];
          sqErr[ch] += e * e;
          windowErr[ch] += windowAlpha * (e * e - windowErr[ch]);
          double ep = block[ch][k] - predPhysical[ch];
          sqErrPhysical[ch] += ep * ep;
        }
        scored++;
        if (samples % cfg.learnEvery() == 0) {
          rls.update(prevFeatures, z);
        }
      }
      if (samples == adaptSamples && reservoir instanceof EiReservoir ei) {
        ei.setAdapting(false);
      }
      reservoir.step(z);
      double[] s = reservoir.state();
      for (int i = 0; i < readoutIdx.length; i++) {
        features[i] = s[readoutIdx[i]];
      }
      System.arraycopy(z, 0, features, readoutIdx.length, c);
      features[d - 1] = 1;
      rls.predict(features, pred);
      for (int ch = 0; ch < c; ch++) {
        predPhysical[ch] = pred[ch] * (Math.sqrt(var[ch]) + 1e-9) + mean[ch];
      }
      System.arraycopy(features, 0, prevFeatures, 0, d);
      hasPred = true;
      samples++;
    }
    long endMillis = startMillis + Math.round(len * 1000.0 / cfg.sampleRate());
    double[] forecast = predPhysical.clone();
    double[] rmse = new double[c];
    double[] rmsePhysical = new double[c];
    double windowMean = 0;
    for (int ch = 0; ch < c; ch++) {
      rmse[ch] = scored > 0 ? Math.sqrt(sqErr[ch] / scored) : 0;
      rmsePhysical[ch] = scored > 0 ? Math.sqrt(sqErrPhysical[ch] / scored) : 0;
      windowMean += windowErr[ch] / c;
    }
    List<AlertEvent> events = new ArrayList<>(2);
    double score = Double.NaN;
    // The baseline starts once the reservoir's adaptation is over: the model's own learning curve
    // is not the recording's normal, and would inflate the baseline's spread for many minutes.
    if (scored > 0 && samples > cfg.adaptationSeconds() * cfg.sampleRate()) {
      score = score(windowMean, len);
      if (!Double.isNaN(score)) {
        alerts(score, startMillis, endMillis, events);
      }
    }
    return new BlockResult(startMillis, endMillis, forecast, rmse, rmsePhysical, score, events);
  }

  private double score(double windowMean, int len) {
    double le = Math.log(windowMean + 1e-12);
    double blockSeconds = len / cfg.sampleRate();
    double alpha = Math.max(1 - Math.pow(0.5, blockSeconds / cfg.baselineHalfLifeSeconds()), 1.0 / (baselineBlocks + 1));
    boolean warm = samples >= cfg.scoreWarmupSeconds() * cfg.sampleRate() && baselineBlocks >= 10;
    double score = Double.NaN;
    if (warm) {
      double sd = Math.sqrt(logVar) + 1e-6;
      score = (le - logMean) / sd;
      double maxZ = Double.NEGATIVE_INFINITY;
      for (int ch = 0; ch < c; ch++) {
        double lc = Math.log(windowErr[ch] + 1e-12);
        chZ[ch] = (lc - chLogMean[ch]) / (Math.sqrt(chLogVar[ch]) + 1e-6);
        maxZ = Math.max(maxZ, chZ[ch]);
      }
      // Focal events touch a few channels: the all-channel mean dilutes them, so the score is the
      // larger of the global z and the largest per-channel z.
      score = Math.max(score, maxZ);
    }
    // hold the baseline while something unusual is going on
    if (!warm || score < cfg.releaseThreshold()) {
      double dm = le - logMean;
      logMean += alpha * dm;
      logVar = (1 - alpha) * (logVar + alpha * dm * dm);
      for (int ch = 0; ch < c; ch++) {
        double lc = Math.log(windowErr[ch] + 1e-12);
        double dc = lc - chLogMean[ch];
        chLogMean[ch] += alpha * dc;
        chLogVar[ch] = (1 - alpha) * (chLogVar[ch] + alpha * dc * dc);
      }
      baselineBlocks++;
    }
    return score;
  }

  private void alerts(double score, long start, long end, List<AlertEvent> events) {
    switch (state) {
      case 0:
        if (score >= cfg.raiseThreshold()) {
          state = 1;
          pendingStart = start;
          peak = score;
          java.util.Arrays.fill(involved, false);
          markChannels();
          if (end - pendingStart >= cfg.minDurationMillis()) {
            state = 2;
            events.add(new AlertEvent(Kind.RAISED, pendingStart, -1, peak, channelsInvolved()));
          }
        }
        break;
      case 1:
        if (score >= cfg.raiseThreshold()) {
          peak = Math.max(peak, score);
          markChannels();
          if (end - pendingStart >= cfg.minDurationMillis()) {
            state = 2;
            events.add(new AlertEvent(Kind.RAISED, pendingStart, -1, peak, channelsInvolved()));
          }
        } else {
          state = 0; // not held long enough: no alert
        }
        break;
      default:
        if (score < cfg.releaseThreshold()) {
          state = 0;
          events.add(new AlertEvent(Kind.ENDED, pendingStart, start, peak, channelsInvolved()));
        } else {
          peak = Math.max(peak, score);
          markChannels();
        }
    }
  }

  private void markChannels() {
    for (int ch = 0; ch < c; ch++) {
      if (chZ[ch] >= cfg.raiseThreshold()) {
        involved[ch] = true;
      }
    }
  }

  private int[] channelsInvolved() {
    int k = 0;
    for (boolean b : involved) {
      if (b) {
        k++;
      }
    }
    int[] out = new int[k];
    k = 0;
    for (int ch = 0; ch < c; ch++) {
      if (involved[ch]) {
        out[k++] = ch;
      }
    }
    return out;
  }

  public void writeState(DataOutput out) throws IOException {
    out.writeInt(c);
    out.writeDouble(cfg.sampleRate());
    out.writeInt(cfg.reservoirKind().ordinal());
    reservoir.writeState(out);
    rls.writeState(out);
    EiReservoir.writeArray(out, mean);
    EiReservoir.writeArray(out, var);
    out.writeLong(samples);
    EiReservoir.writeArray(out, pred);
    EiReservoir.writeArray(out, predPhysical);
    EiReservoir.writeArray(out, windowErr);
    EiReservoir.writeArray(out, prevFeatures);
    out.writeBoolean(hasPred);
    out.writeDouble(logMean);
    out.writeDouble(logVar);
    EiReservoir.writeArray(out, chLogMean);
    EiReservoir.writeArray(out, chLogVar);
    out.writeLong(baselineBlocks);
    out.writeInt(state);
    out.writeLong(pendingStart);
    out.writeDouble(peak);
    for (boolean b : involved) {
      out.writeBoolean(b);
    }
    EiReservoir.writeArray(out, chZ);
  }

  /** Restores into a monitor built with the same {@link Config}. */
  public void readState(DataInput in) throws IOException {
    if (in.readInt() != c || in.readDouble() != cfg.sampleRate()) {
      throw new IOException("snapshot of a different montage");
    }
    if (in.readInt() != cfg.reservoirKind().ordinal()) {
      throw new IOException("snapshot of a different reservoir kind");
    }
    reservoir.readState(in);
    rls.readState(in);
    EiReservoir.readArray(in, mean);
    EiReservoir.readArray(in, var);
    samples = in.readLong();
    EiReservoir.readArray(in, pred);
    EiReservoir.readArray(in, predPhysical);
    EiReservoir.readArray(in, windowErr);
    EiReservoir.readArray(in, prevFeatures);
    hasPred = in.readBoolean();
    logMean = in.readDouble();
    logVar = in.readDouble();
    EiReservoir.readArray(in, chLogMean);
    EiReservoir.readArray(in, chLogVar);
    baselineBlocks = in.readLong();
    state = in.readInt();
    pendingStart = in.readLong();
    peak = in.readDouble();
    for (int i = 0; i < c; i++) {
      involved[i] = in.readBoolean();
    }
    EiReservoir.readArray(in, chZ);
  }
}
