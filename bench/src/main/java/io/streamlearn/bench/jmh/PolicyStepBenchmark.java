package io.streamlearn.bench.jmh;

import io.streamlearn.models.ads.ArmSet;
import io.streamlearn.models.ads.BudgetPolicy;
import io.streamlearn.models.ads.ConfidenceRadius;
import io.streamlearn.models.ads.DynLinBounds;
import io.streamlearn.models.ads.PolicyFactory;
import io.streamlearn.models.Rng;
import java.util.concurrent.TimeUnit;
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
 * One DynLin-UCB round, select + update, for p platforms and K arms: {@link #arrays} runs the
 * models' plain-array {@code DynLinUcb} ({@code chooseArm()} then {@code observe(reward)}; its
 * {@code RidgeRegression} keeps every arm's aᵀV⁻¹a by rank-1 downdates, O(K d + d²) per round),
 * {@link #nd4j} the same math in ND4J ({@link Nd4jDynLinStep}, forms recomputed, O(K d²)).
 *
 * <p>ρ̄ = 0, so every round is its own block: each round does the full UCB argmax over the K arms
 * and a Sherman-Morrison update (the worst case; with ρ̄ &gt; 0 most rounds only hold the block's
 * action). Rewards come from a fixed seeded linear environment, ⟨θ, a⟩ + N(0, 0.1²) noise read from
 * a precomputed ring, so producing a reward allocates nothing. The learners keep learning across
 * iterations (state set up once per trial).
 *
 * <p>Run: {@code java -jar ops/target/streamlearn.jar bench models} (or directly with
 * {@code java -cp ops/target/streamlearn.jar org.openjdk.jmh.Main PolicyStepBenchmark -prof gc}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PolicyStepBenchmark {

  /** Total budget per round; every platform gets between 0 and 1 (the paper's action set). */
  static final double TOTAL = 1.5;

  static final long SEED = 42;

  @Param({"3", "8", "16"})
  public int platforms;

  @Param({"6", "64", "512"})
  public int arms;

  private BudgetPolicy policy;
  private Nd4jDynLinStep step;
  private ConfidenceRadius beta;
  private ArmSet armSet;
  private double[] theta;
  private double[] noise;
  private int tick;
  private long t;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    armSet = armSet(platforms, arms, SEED);
    theta = theta(platforms, SEED);
    noise = noise(SEED);
    DynLinBounds bounds = bounds();
    beta = ConfidenceRadius.dynLinUcb(bounds, armSet.maxNorm(), platforms, 1.0);
    if (params.getBenchmark().endsWith(".nd4j")) {
      step = new Nd4jDynLinStep(armSet, 1.0);
    } else {
      policy = PolicyFactory.create("DynLin-UCB", armSet, 1_000_000, SEED, bounds);
    }
  }

  /** One round on the plain-array DynLin-UCB of the models module. */
  @Benchmark
  public int arrays() {
    int a = policy.chooseArm();
    policy.observe(reward(a));
    return a;
  }

  /** One round of the same math in ND4J. */
  @Benchmark
  @Fork(jvmArgsAppend = {JmhRun.JAVACPP_MAX_PHYSICAL_BYTES, JmhRun.JAVACPP_MAX_BYTES})
  public int nd4j() {
    int a = step.select(beta.at(t));
    step.update(a, reward(a));
    t++;
    return a;
  }

  private double reward(int arm) {
    return armSet.dot(arm, theta) + noise[tick++ & (noise.length - 1)];
  }

  /** The configured bounds of the benchmark: ρ̄ = 0 (a decision and an update every round). */
  static DynLinBounds bounds() {
    return new DynLinBounds(0.0, 1.0, 1.0, 1.0, 1.0, 0.1, 1e-3);
  }

  /** The environment's true response θ, one positive weight per platform (seeded). */
  static double[] theta(int p, long seed) {
    Rng r = new Rng(seed ^ 0x7E7A);
    double[] th = new double[p];
    for (int i = 0; i < p; i++) {
      th[i] = 0.5 + r.nextDouble();
    }
    return th;
  }

  /** 4096 N(0, 0.1²) draws (seeded), read as a ring. */
  static double[] noise(long seed) {
    Rng r = new Rng(seed ^ 0x401CE);
    double[] n = new double[4096];
    for (int i = 0; i < n.length; i += 2) {
      // Box-Muller
      double u1 = 1 - r.nextDouble();
      double u2 = r.nextDouble();
      double rad = Math.sqrt(-2 * Math.log(u1)) * 0.1;
      n[i] = rad * Math.cos(2 * Math.PI * u2);
      n[i + 1] = rad * Math.sin(2 * Math.PI * u2);
    }
    return n;
  }

  /**
   * Exactly {@code k} arms for {@code p} platforms. Built as: the paper's vertex set
   * {@code ArmSet.vertices(p, 1.5, 1, 0)} (6 arms for p = 3, 56 for p = 8, 240 for p = 16) in a
   * seeded random order, cut to k when it has more (p = 8 and 16 with 6 arms, p = 16 with 64), and
   * filled up to k with seeded random allocations when it has fewer: p uniform draws in [0, 1)
   * scaled to sum to 1.5, redrawn while any platform would exceed its maximum 1. Every arm thus
   * spends the total budget 1.5 with each platform in [0, 1].
   */
  static ArmSet armSet(int p, int k, long seed) {
    if (p < 2 || k < 1) {
      throw new IllegalArgumentException("need p >= 2 platforms and k >= 1 arms: p=" + p + " k=" + k);
    }
    ArmSet vertices = ArmSet.vertices(p, TOTAL, 1.0, 0.0);
    Rng r = new Rng(seed * 31 + p * 1_000_003L + k);
    int[] order = new int[vertices.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int i = order.length - 1; i > 0; i--) { // Fisher-Yates
      int j = r.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    double[][] out = new double[k][];
    int n = Math.min(k, order.length);
    for (int i = 0; i < n; i++) {
      out[i] = vertices.arm(order[i]);
    }
    for (int i = n; i < k; i++) {
      double[] a = new double[p];
      boolean ok;
      do {
        double sum = 0;
        for (int j = 0; j < p; j++) {
          a[j] = r.nextDouble();
          sum += a[j];
        }
        ok = sum > 0;
        for (int j = 0; j < p && ok; j++) {
          a[j] *= TOTAL / sum;
          ok = a[j] <= 1.0;
        }
      } while (!ok);
      out[i] = a;
    }
    return ArmSet.of(out);
  }
}
