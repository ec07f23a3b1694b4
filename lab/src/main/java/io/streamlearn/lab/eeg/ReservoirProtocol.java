package io.streamlearn.lab.eeg;

import io.streamlearn.models.eeg.EchoStateNetwork;
import io.streamlearn.models.eeg.EiConfig;
import io.streamlearn.models.eeg.EiReservoir;
import io.streamlearn.models.eeg.Reservoir;
import io.streamlearn.lab.eeg.RidgeReadout;
import io.streamlearn.models.Rng;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Arrays;
import java.util.Locale;

/**
 * The benchmark protocol: for one task and one seed, build the task data, then run every method on
 * the same input:
 *
 * <ul>
 *   <li>{@code adaptive}: E/I reservoir, homogeneous targets, local rule on during the warm-up, then frozen;
 *   <li>{@code adaptive-heterogeneous}: same, log-normal targets;
 *   <li>{@code global-best}: the same network with one scalar gain g for all neurons, g chosen on the
 *       validation split from {@link Settings#gainGrid()} (the test metric per g is the E/I sweep);
 *   <li>{@code esn}: leaky tanh ESN, spectral radius chosen on validation from {@link Settings#rhoGrid()}.
 * </ul>
 *
 * Every method sees the identical sequence: warm-up (adaptation only for the adaptive methods, plain
 * driving otherwise), washout, train (ridge readout fitted), validation (model selection), test
 * (reported). Plain Java, deterministic given the seed.
 */
public final class ReservoirProtocol {

  public static final List<String> METHODS = List.of("adaptive", "adaptive-heterogeneous", "global-best", "esn");

  /** The three tasks and their metric. */
  public enum Task {
    MC("mc", false),
    MACKEY_GLASS("nrmse", true),
    NARMA10("nrmse", true);

    public final String metric;
    public final boolean lowerIsBetter;

    Task(String metric, boolean lowerIsBetter) {
      this.metric = metric;
      this.lowerIsBetter = lowerIsBetter;
    }

    public static Task parse(String s) {
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "mc", "memory", "memory-capacity" -> MC;
        case "mackey-glass", "mg", "mackeyglass" -> MACKEY_GLASS;
        case "narma10", "narma-10", "narma" -> NARMA10;
        default -> throw new IllegalArgumentException("unknown task " + s + " (mc, mackey-glass, narma10)");
      };
    }
  }

  /**
   * Everything the protocol needs.
   *
   * @param base E/I network template (its seed is replaced per run)
   * @param esn ESN template (its spectral radius and seed are replaced)
   * @param maxDelay K for memory capacity
   * @param horizon prediction horizon in samples for Mackey-Glass (default 20, i.e. 20 time units: one
   *     step ahead every method's NRMSE is below 0.001 and the comparison says nothing)
   */
  public record Settings(Task task, int n, EiConfig base, EchoStateNetwork.Config esn, double targetRate,
      double heterogeneousSpread, double[] gainGrid, double[] rhoGrid, int warmup, int washout, int train,
      int validation, int test, int maxDelay, int horizon, double ridge) {

    public int length() {
      return warmup + washout + train + validation + test;
    }

    /** The defaults used by the experiment command (see the class comment of each value there). */
    public static Settings defaults(Task task, int n) {
      double inScale = switch (task) {
        case MC -> 0.5;
        case MACKEY_GLASS -> 1.0;
        case NARMA10 -> 1.0;
      };
      // Biases spread with σ_b = 2: neurons differ in excitability, the case local adaptation is for
      // (with σ_b = 0 every neuron is alike and one global gain tunes them all; see README).
      EiConfig base = EiConfig.defaults(n, 1, 0).withInput(inScale, 0).withBias(-1, 2.0);
      EchoStateNetwork.Config esn = EchoStateNetwork.Config.defaults(n, 1, 0).withInput(inScale, 0.0);
      // 0 … 6: with spread biases the best global gain lies near 4-5 (beyond it the inhibitory
      // neurons fall silent and rates rise again).
      double[] gains = new double[25];
      for (int i = 0; i < gains.length; i++) {
        gains[i] = 0.25 * i;
      }
      // Up to 1.5: on memory capacity and Mackey-Glass the ESN's best radius is above 1.
      double[] rhos = {0.5, 0.7, 0.8, 0.9, 0.95, 1.0, 1.1, 1.2, 1.3, 1.5};
      return new Settings(task, n, base, esn, 0.2, 0.5, gains, rhos, 5000, 500, 4000, 1000, 2000,
          Math.min(200, 2 * n), 20, 1e-6);
    }

    public Settings withBase(EiConfig b) {
      return new Settings(task, n, b, esn, targetRate, heterogeneousSpread, gainGrid, rhoGrid, warmup, washout, train,
          validation, test, maxDelay, horizon, ridge);
    }

    public Settings withTargets(double rate, double spread) {
      return new Settings(task, n, base, esn, rate, spread, gainGrid, rhoGrid, warmup, washout, train, validation,
          test, maxDelay, horizon, ridge);
    }

    public Settings withHorizon(int samples) {
      return new Settings(task, n, base, esn, targetRate, heterogeneousSpread, gainGrid, rhoGrid, warmup, washout,
          train, validation, test, maxDelay, samples, ridge);
    }
  }

  /** Input u[t] (fed at step t) and target y[t] (k outputs) to be read from the state after step t. */
  public record Data(double[] input, double[][] target) {}

  /**
   * Test metric per method, the validation-chosen parameters, the test metric per gain of the sweep,
   * and the measured I/E input ratio of every E/I run (per method, and per gain of the sweep).
   */
  public record SeedResult(long seed, Map<String, Double> test, double bestGain, double bestRho, double[] sweepTest,
      double[] sweepBalance, Map<String, Double> balance, double[] adaptiveGainsMean, double[] meanRate) {}

  private final Settings settings;

  public ReservoirProtocol(Settings settings) {
    this.settings = settings;
  }

  /** Builds the task data for one seed. */
  public Data data(long seed) {
    Rng rng = new Rng(Rng.derive(seed, 100));
    int len = settings.length();
    switch (settings.task()) {
      case MC: {
        double[] u = TimeSeries.uniform(len, -1, 1, rng);
        int k = settings.maxDelay();
        double[][] y = new double[len][k];
        for (int t = 0; t < len; t++) {
          for (int d = 1; d <= k; d++) {
            y[t][d - 1] = t - d >= 0 ? u[t - d] : 0;
          }
        }
        return new Data(u, y);
      }
      case MACKEY_GLASS: {
        int h = settings.horizon();
        double[] x = TimeSeries.mackeyGlass(len + h, 17, 0.1, 1.0, rng);
        double m = Metrics.mean(x);
        double s = Metrics.std(x);
        double[] u = new double[len];
        double[][] y = new double[len][1];
        for (int t = 0; t < len; t++) {
          u[t] = (x[t] - m) / s;
          y[t][0] = (x[t + h] - m) / s;
        }
        return new Data(u, y);
      }
      case NARMA10: {
        double[][] uy = TimeSeries.narma10(len + 1, rng);
        double[] u = new double[len];
        double[][] y = new double[len][1];
        for (int t = 0; t < len; t++) {
          u[t] = 4 * (uy[0][t] - 0.25); // [0, 0.5] → [−1, 1]
          y[t][0] = uy[1][t + 1];
        }
        return new Data(u, y);
      }
      default:
        throw new IllegalStateException();
    }
  }

  /**
   * Collected states of the non-discarded steps; for E/I reservoirs also the ratio of the total
   * inhibitory to the total excitatory recurrent input over those steps (NaN for an ESN).
   */
  record Run(double[][] states, double[] meanRate, double inhibitionToExcitation) {}

  /** Drives r over the whole input; adaptation (if any) switched off after the warm-up. */
  Run drive(Reservoir r, Data data) {
    int start = settings.warmup() + settings.washout();
    int len = settings.length();
    double[][] states = new double[len - start][];
    double[] in = new double[1];
    double[] rate = new double[r.size()];
    EiReservoir ei = r instanceof EiReservoir e ? e : null;
    double[] exc = new double[r.size()];
    double[] inh = new double[r.size()];
    double excTotal = 0;
    double inhTotal = 0;
    for (int t = 0; t < len; t++) {
      if (t == settings.warmup() && ei != null) {
        ei.setAdapting(false);
      }
      if (t >= start && ei != null) {
        ei.recurrentInput(exc, inh);
        for (int i = 0; i < exc.length; i++) {
          excTotal += exc[i];
          inhTotal += inh[i];
        }
      }
      in[0] = data.input()[t];
      r.step(in);
      if (t >= start) {
        double[] s = r.state();
        states[t - start] = s.clone();
        for (int i = 0; i < s.length; i++) {
          rate[i] += s[i];
        }
      }
    }
    for (int i = 0; i < rate.length; i++) {
      rate[i] /= (len - start);
    }
    return new Run(states, rate, ei == null ? Double.NaN : inhTotal / excTotal);
  }

  /** Validation and test metric of a ridge readout trained on the train split. */
  double[] evaluate(Run run, Data data) {
    int start = settings.warmup() + settings.washout();
    int tr = settings.train();
    int va = settings.validation();
    int te = settings.test();
    double[][] x = run.states();
    double[][] xTrain = Arrays.copyOfRange(x, 0, tr);
    double[][] yTrain = new double[tr][];
    for (int t = 0; t < tr; t++) {
      yTrain[t] = data.target()[start + t];
    }
    if (!allFinite(xTrain)) {
      return new double[] {worst(), worst()};
    }
    RidgeReadout ro = RidgeReadout.fit(xTrain, yTrain, settings.ridge());
    return new double[] {score(ro, x, data, tr, va), score(ro, x, data, tr + va, te)};
  }

  double worst() {
    return settings.task().lowerIsBetter ? Double.POSITIVE_INFINITY : 0;
  }

  private static boolean allFinite(double[][] x) {
    for (double[] row : x) {
      for (double v : row) {
        if (!Double.isFinite(v)) {
          return false;
        }
      }
    }
    return true;
  }

  private double score(RidgeReadout ro, double[][] x, Data data, int from, int count) {
    int start = settings.warmup() + settings.washout();
    int k = ro.outputs();
    double[][] pred = new double[k][count];
    double[][] tgt = new double[k][count];
    double[] out = new double[k];
    for (int t = 0; t < count; t++) {
      ro.predict(x[from + t], out);
      double[] y = data.target()[start + from + t];
      for (int o = 0; o < k; o++) {
        pred[o][t] = out[o];
        tgt[o][t] = y[o];
      }
    }
    if (settings.task() == Task.MC) {
      double mc = 0;
      for (int o = 0; o < k; o++) {
        mc += Metrics.r2(pred[o], tgt[o]);
      }
      return mc;
    }
    return Metrics.nrmse(pred[0], tgt[0]);
  }

  boolean better(double a, double b) {
    return settings.task().lowerIsBetter ? a < b : a > b;
  }

  /** Runs all methods for one seed (network seed and data seed both derived from it). */
  public SeedResult runSeed(long seed) {
    Data data = data(seed);
    long netSeed = Rng.derive(seed, 200);
    Map<String, Double> test = new LinkedHashMap<>();
    Map<String, Double> balance = new LinkedHashMap<>();

    EiConfig hom = settings.base().withSeed(netSeed).withTargets(settings.targetRate(), 0);
    EiReservoir adaptive = new EiReservoir(hom);
    adaptive.setAdapting(true);
    Run ra = drive(adaptive, data);
    test.put("adaptive", evaluate(ra, data)[1]);
    balance.put("adaptive", ra.inhibitionToExcitation());
    double[] gMean = {mean(adaptive.gains())};

    EiConfig het = settings.base().withSeed(netSeed).withTargets(settings.targetRate(), settings.heterogeneousSpread());
    EiReservoir hetero = new EiReservoir(het);
    hetero.setAdapting(true);
    Run rh = drive(hetero, data);
    test.put("adaptive-heterogeneous", evaluate(rh, data)[1]);
    balance.put("adaptive-heterogeneous", rh.inhibitionToExcitation());

    double[] sweep = new double[settings.gainGrid().length];
    double[] sweepBalance = new double[sweep.length];
    double bestVal = worst();
    double bestTest = worst();
    double bestG = Double.NaN;
    for (int i = 0; i < sweep.length; i++) {
      EiReservoir global = new EiReservoir(hom);
      global.setUniformGain(settings.gainGrid()[i]);
      Run run = drive(global, data);
      double[] vt = evaluate(run, data);
      sweep[i] = vt[1];
      sweepBalance[i] = run.inhibitionToExcitation();
      if (Double.isNaN(bestG) || better(vt[0], bestVal)) {
        bestVal = vt[0];
        bestTest = vt[1];
        bestG = settings.gainGrid()[i];
        balance.put("global-best", run.inhibitionToExcitation());
      }
    }
    test.put("global-best", bestTest);

    double bestRho = Double.NaN;
    bestVal = worst();
    bestTest = worst();
    for (double rho : settings.rhoGrid()) {
      EchoStateNetwork esn = new EchoStateNetwork(settings.esn().withSeed(netSeed).withSpectralRadius(rho));
      double[] vt = evaluate(drive(esn, data), data);
      if (Double.isNaN(bestRho) || better(vt[0], bestVal)) {
        bestVal = vt[0];
        bestTest = vt[1];
        bestRho = rho;
      }
    }
    test.put("esn", bestTest);
    return new SeedResult(seed, test, bestG, bestRho, sweep, sweepBalance, balance, gMean, ra.meanRate());
  }

  private static double mean(double[] v) {
    return Metrics.mean(v);
  }
}
