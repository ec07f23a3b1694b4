package io.streamlearn.bench.jmh;

import io.streamlearn.models.eeg.EegMonitor;
import io.streamlearn.models.eeg.EiReservoir;
import io.streamlearn.models.eeg.RlsReadout;
import io.streamlearn.models.Rng;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The EEG model's per-sample work at N neurons and 23 channels, plain arrays (the models' own
 * classes) against the same math in ND4J:
 *
 * <ul>
 *   <li>{@link #reservoirArrays} / {@link #reservoirNd4j}: one step of the live adaptive E/I
 *       reservoir ({@link EegMonitor#reservoirConfig}: in-degrees 10 E + 3 I, input fan-in 4), the
 *       arrays over CSR rows, ND4J with dense weights ({@link Nd4jEiStep}). Measured frozen (the
 *       gains fixed after {@value #ADAPT_STEPS} adapting steps), the live steady state after the
 *       first minute.
 *   <li>{@link #rlsArrays} / {@link #rlsNd4j}: one RLS update with N features and 23 outputs,
 *       λ and δ of the live readout ({@link Nd4jRlsStep}). The live readout has 100 neurons + 23
 *       inputs + 1 bias features whatever N; N features is the cost of reading out every neuron.
 * </ul>
 *
 * <p>Inputs are N(0, 1) draws (the live input is z-scored per channel) from a precomputed ring;
 * RLS features are N(0, 1) too, a ring of 2N + 1 vectors so every direction keeps being excited
 * (with λ &lt; 1 an unexcited direction of P grows by 1/λ per update and would overflow within a
 * long run). Models keep learning across iterations (state set up once per trial). The ND4J forks
 * run ND4J and its BLAS on {@link #nd4jThreads} threads (1: the per-core cost, like the arrays).
 *
 * <p>Run: {@code java -jar ops/target/streamlearn.jar bench reservoir} (or directly with
 * {@code java -cp ops/target/streamlearn.jar org.openjdk.jmh.Main ReservoirBenchmark -prof gc}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReservoirBenchmark {

  /** EEG channels (CHB-MIT's 23). */
  static final int CHANNELS = 23;

  static final double SAMPLE_RATE = 256;

  static final long SEED = 42;

  /** Adapting steps before the reservoir's gains are frozen. */
  static final int ADAPT_STEPS = 512;

  /** Inputs in the ring (a power of two). */
  static final int INPUT_RING = 4096;

  @Param({"100", "500", "1000"})
  public int size;

  @Param({"1"})
  public int nd4jThreads;

  private EiReservoir reservoir;
  private Nd4jEiStep nd4jReservoir;
  private RlsReadout rls;
  private Nd4jRlsStep nd4jRls;
  private double[][] inputs;
  private double[][] features;
  private int tick;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    String bench = params.getBenchmark();
    inputs = inputs(SEED);
    if (bench.endsWith("Nd4j")) {
      Nd4j.factory().blas().setMaxThreads(nd4jThreads);
      Nd4j.getEnvironment().setMaxThreads(nd4jThreads);
      Nd4j.getEnvironment().setMaxMasterThreads(nd4jThreads);
    }
    if (bench.endsWith(".reservoirArrays")) {
      reservoir = reservoir(size);
      warmUp(reservoir, null, inputs);
    } else if (bench.endsWith(".reservoirNd4j")) {
      nd4jReservoir = new Nd4jEiStep(reservoir(size));
      warmUp(null, nd4jReservoir, inputs);
    } else {
      features = features(size, SEED);
      if (bench.endsWith(".rlsArrays")) {
        rls = rls(size);
      } else {
        nd4jRls = nd4jRls(size);
      }
    }
  }

  /** One reservoir step, the models' plain arrays. */
  @Benchmark
  public double reservoirArrays() {
    reservoir.step(inputs[tick++ & (INPUT_RING - 1)]);
    return reservoir.state()[0];
  }

  /** One reservoir step of the same math in ND4J. */
  @Benchmark
  @Fork(jvmArgsAppend = {JmhRun.JAVACPP_MAX_PHYSICAL_BYTES, JmhRun.JAVACPP_MAX_BYTES})
  public void reservoirNd4j() {
    nd4jReservoir.step(inputs[tick++ & (INPUT_RING - 1)]);
  }

  /** One RLS update, the models' plain arrays. */
  @Benchmark
  public long rlsArrays() {
    int t = tick++;
    rls.update(features[t % features.length], inputs[t & (INPUT_RING - 1)]);
    return rls.updates();
  }

  /** One RLS update of the same math in ND4J. */
  @Benchmark
  @Fork(jvmArgsAppend = {JmhRun.JAVACPP_MAX_PHYSICAL_BYTES, JmhRun.JAVACPP_MAX_BYTES})
  public void rlsNd4j() {
    int t = tick++;
    nd4jRls.update(features[t % features.length], inputs[t & (INPUT_RING - 1)]);
  }

  /** The live reservoir at N neurons (adapting, as the live model starts). */
  static EiReservoir reservoir(int n) {
    EiReservoir r = new EiReservoir(EegMonitor.reservoirConfig(n, CHANNELS, SEED));
    r.setAdapting(true);
    return r;
  }

  /** {@value #ADAPT_STEPS} adapting steps on the input ring, then frozen gains (either argument may be null). */
  static void warmUp(EiReservoir arrays, Nd4jEiStep nd4j, double[][] in) {
    for (int t = 0; t < ADAPT_STEPS; t++) {
      if (arrays != null) {
        arrays.step(in[t]);
      }
      if (nd4j != null) {
        nd4j.step(in[t]);
      }
    }
    if (arrays != null) {
      arrays.setAdapting(false);
    }
    if (nd4j != null) {
      nd4j.setAdapting(false);
    }
  }

  /** The live readout's λ and δ, with N features. */
  static RlsReadout rls(int n) {
    return new RlsReadout(n, CHANNELS, EegMonitor.Config.defaults(CHANNELS, SAMPLE_RATE, SEED).forgetting(),
        EegMonitor.RLS_DELTA);
  }

  static Nd4jRlsStep nd4jRls(int n) {
    return new Nd4jRlsStep(n, CHANNELS, EegMonitor.Config.defaults(CHANNELS, SAMPLE_RATE, SEED).forgetting(),
        EegMonitor.RLS_DELTA);
  }

  /** {@value #INPUT_RING} input vectors of {@value #CHANNELS} N(0, 1) draws (seeded). */
  static double[][] inputs(long seed) {
    return gaussian(INPUT_RING, CHANNELS, new Rng(seed ^ 0x1AB7));
  }

  /** 2n + 1 feature vectors of n N(0, 1) draws (seeded). */
  static double[][] features(int n, long seed) {
    return gaussian(2 * n + 1, n, new Rng(seed * 31 + n));
  }

  private static double[][] gaussian(int rows, int cols, Rng r) {
    double[][] out = new double[rows][cols];
    for (double[] row : out) {
      for (int j = 0; j < cols; j++) {
        // Box-Muller, one value per pair of uniforms: simple, and setup cost does not matter here
        double u1 = 1 - r.nextDouble();
        row[j] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * r.nextDouble());
      }
    }
    return out;
  }
}
