package io.streamlearn.traffic.eeg;

import io.streamlearn.models.Rng;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Seeded synthetic multichannel EEG (µV) for tests and demos, produced block by block:
 *
 * <ul>
 *   <li>background: pink (1/f) noise per channel (Kellet's filter) plus a shared component, so channels correlate;
 *   <li>rhythms: alpha 8–12 Hz (channel-specific frequency, slowly modulated amplitude, stronger on the
 *       posterior half of the montage) and a weaker beta 15–25 Hz;
 *   <li>artifacts: eye blinks (frontal channels 0–1, 0.3 s bumps), electrode pops (one channel, step
 *       with exponential decay), muscle bursts (0.5 s of broadband noise on one channel);
 *   <li>seizure-like episodes: rhythmic spike-wave discharges on a contiguous subset of channels,
 *       amplitude rising from ~1× to ~6× the background, frequency chirping from 7 Hz down to 3 Hz;
 *   <li>optionally ({@link #withRealism}): alpha in bursts (a shared on/off envelope, bursts of ~1.5 s
 *       every ~4 s, as eyes-closed alpha waxes and wanes) and mains line noise (a sinusoid at 50 or
 *       60 Hz, channel-specific amplitude, slowly drifting), drawn from a stream of their own, so
 *       recordings without them are unchanged.
 * </ul>
 *
 * The episode schedule is drawn at construction and returned by {@link #episodes()} (times in epoch
 * millis from {@code startMillis}) so alert quality can be scored. Same seed, same samples.
 */
public final class SyntheticEeg {
  /** A seizure-like episode: [startMillis, endMillis) on {@code channels}. */
  public record Episode(long startMillis, long endMillis, int[] channels) {}

  private final int channels;
  private final double fs;
  private final long startMillis;
  private final long totalSamples;
  private final Rng rng;
  private final List<Episode> episodes;
  private final long[][] episodeSamples; // [i] = {start, end}
  private final double[][] pink; // per channel 7 filter states
  private final double[] alphaFreq;
  private final double[] alphaPhase;
  private final double[] alphaAmp;
  private final double[] alphaGain;
  private final double[] betaFreq;
  private final double[] betaPhase;
  private final double[] popLevel;
  private final long[] muscleUntil;
  private long blinkAt;
  private final double[] shared = new double[7];
  private double seizurePhase;
  private long t;
  // realism (off unless withRealism): alpha bursts and line noise, from their own stream
  private Rng extra;
  private double lineHz;
  private double[] lineAmp;
  private double linePhase;
  private double lineDrift = 1;
  private boolean burstOn;
  private long burstSwitch;
  private double burstEnv;

  /**
   * @param durationSeconds length of the recording (episodes are placed inside it)
   * @param seizuresPerHour expected number of episodes per hour (at least one if the recording is
   *     longer than 10 minutes and the rate is positive)
   */
  public SyntheticEeg(int channels, double sampleRate, double durationSeconds, long startMillis, double seizuresPerHour,
      long seed) {
    this.channels = channels;
    this.fs = sampleRate;
    this.startMillis = startMillis;
    this.totalSamples = (long) Math.floor(durationSeconds * sampleRate);
    this.rng = new Rng(Rng.derive(seed, 1));
    Rng sched = new Rng(Rng.derive(seed, 2));
    this.pink = new double[channels][7];
    this.alphaFreq = new double[channels];
    this.alphaPhase = new double[channels];
    this.alphaAmp = new double[channels];
    this.alphaGain = new double[channels];
    this.betaFreq = new double[channels];
    this.betaPhase = new double[channels];
    this.popLevel = new double[channels];
    this.muscleUntil = new long[channels];
    for (int c = 0; c < channels; c++) {
      alphaFreq[c] = 9.5 + sched.uniform(-1.5, 1.5);
      alphaPhase[c] = sched.uniform(0, 2 * Math.PI);
      alphaGain[c] = c >= channels / 2 ? 12 : 5;
      alphaAmp[c] = 1;
      betaFreq[c] = sched.uniform(15, 25);
      betaPhase[c] = sched.uniform(0, 2 * Math.PI);
    }
    // Episode schedule: count ~ rate·hours (at least 1 for recordings ≥ 10 min), no episode in the
    // first 5 minutes (monitor warm-up), none overlapping, 20–60 s each.
    double hours = durationSeconds / 3600;
    int count = (int) Math.round(seizuresPerHour * hours);
    if (count == 0 && seizuresPerHour > 0 && durationSeconds >= 600) {
      count = 1;
    }
    List<long[]> eps = new ArrayList<>();
    double earliest = 300;
    int attempts = 0;
    while (eps.size() < count && attempts++ < 1000) {
      double len = sched.uniform(20, 60);
      double start = sched.uniform(earliest, Math.max(earliest, durationSeconds - len - 30));
      long s0 = (long) (start * fs);
      long s1 = (long) ((start + len) * fs);
      boolean clash = false;
      for (long[] e : eps) {
        if (s0 < e[1] + 120 * fs && s1 + 120 * fs > e[0]) {
          clash = true;
        }
      }
      if (!clash && s1 < totalSamples) {
        int width = Math.min(channels, 4 + sched.nextInt(5));
        int first = sched.nextInt(channels - width + 1);
        eps.add(new long[] {s0, s1, first, width});
      }
    }
    eps.sort((a, b) -> Long.compare(a[0], b[0]));
    this.episodeSamples = new long[eps.size()][];
    List<Episode> list = new ArrayList<>();
    for (int i = 0; i < eps.size(); i++) {
      long[] e = eps.get(i);
      episodeSamples[i] = e;
      int[] ch = new int[(int) e[3]];
      for (int k = 0; k < ch.length; k++) {
        ch[k] = (int) e[2] + k;
      }
      list.add(new Episode(toMillis(e[0]), toMillis(e[1]), ch));
    }
    this.episodes = Collections.unmodifiableList(list);
    this.blinkAt = (long) (fs * sched.uniform(2, 15));
  }

  /**
   * Alpha bursts and line noise of {@code lineMicrovolts} at {@code lineHz} (0 = none) on top of the
   * rest; call before the first block. Seeded from {@code seed} alone.
   */
  public SyntheticEeg withRealism(double lineHz, double lineMicrovolts, long seed) {
    if (t != 0) {
      throw new IllegalStateException("realism must be set before the first sample");
    }
    this.extra = new Rng(Rng.derive(seed, 3));
    this.lineHz = lineHz;
    this.lineAmp = new double[channels];
    for (int c = 0; c < channels; c++) {
      lineAmp[c] = lineMicrovolts * extra.uniform(0.5, 1.5);
    }
    this.linePhase = extra.uniform(0, 2 * Math.PI);
    this.burstSwitch = (long) (fs * extra.uniform(0.5, 3));
    return this;
  }

  /** The realism of sample t: the alpha envelope factor (1 without bursts) and line noise per channel into {@code line}. */
  private double realismStep(double[] line) {
    if (extra == null) {
      return 1;
    }
    if (t >= burstSwitch) {
      burstOn = !burstOn;
      double mean = burstOn ? 1.5 : 2.5; // seconds
      burstSwitch = t + (long) (fs * mean * (0.5 + extra.nextDouble()));
    }
    burstEnv += ((burstOn ? 1 : 0) - burstEnv) / (0.2 * fs); // ~0.2 s rise and fall
    lineDrift += 0.001 * (1 - lineDrift) + 0.003 * extra.nextGaussian();
    linePhase += 2 * Math.PI * lineHz / fs;
    double v = Math.sin(linePhase) * lineDrift;
    for (int c = 0; c < channels; c++) {
      line[c] = lineAmp[c] * v;
    }
    return 0.25 + 1.5 * burstEnv;
  }

  private long toMillis(long sample) {
    return startMillis + Math.round(sample * 1000.0 / fs);
  }

  public List<Episode> episodes() {
    return episodes;
  }

  public int channels() {
    return channels;
  }

  public double sampleRate() {
    return fs;
  }

  /** Event time of the next sample to be produced. */
  public long nextSampleMillis() {
    return toMillis(t);
  }

  public boolean finished() {
    return t >= totalSamples;
  }

  private static double pinkStep(double[] b, double white) {
    // Paul Kellet's refined pink-noise filter (−3 dB/octave within ~0.01 dB above fs/1000).
    b[0] = 0.99886 * b[0] + white * 0.0555179;
    b[1] = 0.99332 * b[1] + white * 0.0750759;
    b[2] = 0.96900 * b[2] + white * 0.1538520;
    b[3] = 0.86650 * b[3] + white * 0.3104856;
    b[4] = 0.55000 * b[4] + white * 0.5329522;
    b[5] = -0.7616 * b[5] - white * 0.0168980;
    double out = b[0] + b[1] + b[2] + b[3] + b[4] + b[5] + b[6] + white * 0.5362;
    b[6] = white * 0.115926;
    return out;
  }

  /** The next block, channel-major [channel][sample]; shorter (or empty) at the end of the recording. */
  public double[][] nextBlock(int samples) {
    int n = (int) Math.max(0, Math.min(samples, totalSamples - t));
    double[][] out = new double[channels][n];
    double dt = 1 / fs;
    double[] line = new double[channels];
    for (int k = 0; k < n; k++, t++) {
      double alphaEnv = realismStep(line);
      double common = pinkStep(shared, rng.nextGaussian());
      // blinks: frontal channels 0-1
      double blink = 0;
      if (t >= blinkAt) {
        double age = (t - blinkAt) * dt;
        blink = 100 * Math.exp(-0.5 * Math.pow((age - 0.15) / 0.06, 2));
        if (age > 0.4) {
          blinkAt = t + (long) (fs * (4 + 20 * rng.nextDouble()));
        }
      }
      if (rng.nextDouble() < 1.0 / (120 * fs)) { // electrode pop, ~1 per 2 min
        popLevel[rng.nextInt(channels)] += 60 * (rng.nextDouble() < 0.5 ? -1 : 1);
      }
      if (rng.nextDouble() < 1.0 / (60 * fs)) { // muscle burst, ~1 per min
        muscleUntil[rng.nextInt(channels)] = t + (long) (0.5 * fs);
      }
      // seizure drive
      double seizure = 0;
      int active = -1;
      for (int e = 0; e < episodeSamples.length; e++) {
        if (t >= episodeSamples[e][0] && t < episodeSamples[e][1]) {
          active = e;
        }
      }
      int from = 0;
      int to = 0;
      if (active >= 0) {
        long[] e = episodeSamples[active];
        double prog = (double) (t - e[0]) / (e[1] - e[0]);
        double freq = 7 - 4 * prog;
        seizurePhase += 2 * Math.PI * freq * dt;
        double env = Math.min(1, (t - e[0]) / (2 * fs)) * Math.min(1, (e[1] - t) / (1 * fs));
        double amp = 20 * (1 + 5 * prog) * env;
        double p = seizurePhase % (2 * Math.PI);
        // spike-and-wave: a sharp spike (narrow Gaussian) followed by a slow wave
        double spike = Math.exp(-0.5 * Math.pow((p - 0.6) / 0.18, 2));
        double wave = -0.5 * Math.sin(p);
        seizure = amp * (1.6 * spike + wave);
        from = (int) e[2];
        to = from + (int) e[3];
      }
      for (int c = 0; c < channels; c++) {
        alphaAmp[c] += 0.002 * (1 - alphaAmp[c]) + 0.02 * rng.nextGaussian();
        alphaPhase[c] += 2 * Math.PI * alphaFreq[c] * dt + 0.02 * rng.nextGaussian();
        betaPhase[c] += 2 * Math.PI * betaFreq[c] * dt + 0.05 * rng.nextGaussian();
        double v = 6 * pinkStep(pink[c], rng.nextGaussian()) + 3 * common
            + alphaEnv * alphaGain[c] * Math.max(0, alphaAmp[c]) * Math.sin(alphaPhase[c]) + 2.5 * Math.sin(betaPhase[c])
            + line[c];
        if (c < 2) {
          v += blink * (c == 0 ? 1 : 0.8);
        }
        if (popLevel[c] != 0) {
          v += popLevel[c];
          popLevel[c] *= Math.exp(-dt / 0.5);
          if (Math.abs(popLevel[c]) < 1e-3) {
            popLevel[c] = 0;
          }
        }
        if (t < muscleUntil[c]) {
          v += 25 * rng.nextGaussian();
        }
        if (c >= from && c < to) {
          v += seizure * (0.7 + 0.3 * Math.cos(c - from));
        }
        out[c][k] = v;
      }
    }
    return out;
  }
}
