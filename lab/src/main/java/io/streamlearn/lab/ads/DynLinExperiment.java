package io.streamlearn.lab.ads;

import io.streamlearn.models.ads.Ar2;
import io.streamlearn.models.ads.ArmSet;
import io.streamlearn.models.ads.BatchExp3;
import io.streamlearn.models.ads.BlockSchedule;
import io.streamlearn.models.ads.Exp3;
import io.streamlearn.models.ads.BudgetPolicy;
import io.streamlearn.models.ads.Clairvoyant;
import io.streamlearn.models.ads.DynLinBounds;
import io.streamlearn.models.ads.Expert;
import io.streamlearn.models.ads.PolicyFactory;
import io.streamlearn.models.Rng;
import io.streamlearn.traffic.ads.DynLinConfig;
import io.streamlearn.traffic.ads.LinearDynamicalEnvironment;

import java.util.ArrayList;
import java.util.List;

/**
 * The paper's experiment as plain Java: policies play the configured {@link
 * LinearDynamicalEnvironment} for {@code horizon} rounds in each of {@code trials} trials, and the
 * steady-state pseudo-regret Σ_t (J* − ⟨h, u_t⟩) is recorded at {@link #sampleRounds()}. Trial i
 * uses the same noise seed for every policy (common random numbers) and the same policy seed.
 *
 * <p>No clocks and no threads here: a caller that wants wall time or parallelism runs {@link
 * #runTrial} itself (trials are independent and may run on different threads, each with its own
 * policy instance), or passes a {@link Listener} to {@link #run}.
 */
public final class DynLinExperiment {
  private final DynLinConfig config;
  private final long horizon;
  private final int trials;
  private final long seed;
  private final ArmSet arms;
  private final LinearDynamicalEnvironment truth;
  private final double[] h;
  private final int bestArm;
  private final double jStar;
  private final long[] sampleRounds;

  /** Cumulative pseudo-regret statistics of one policy (std with ddof 0, stderr = std/√n). */
  public record Curve(String policy, long[] rounds, double[] mean, double[] std, double[] stderr, int trials) {
    public double finalMean() {
      return mean[mean.length - 1];
    }

    public double finalStd() {
      return std[std.length - 1];
    }
  }

  /** Callbacks around each policy's trials (e.g. to time them). */
  public interface Listener {
    default void policyStarted(String policy) {}

    default void policyFinished(String policy, Curve curve) {}
  }

  /**
   * @param samples number of sample points (rounds T/samples, 2T/samples, …, T; round 0 is added)
   */
  public DynLinExperiment(DynLinConfig config, long horizon, int trials, long seed, int samples) {
    if (horizon < 1 || trials < 1 || samples < 1) {
      throw new IllegalArgumentException("horizon, trials and samples must be >= 1");
    }
    this.config = config;
    this.horizon = horizon;
    this.trials = trials;
    this.seed = seed;
    this.arms = config.arms();
    this.truth = config.environment(0);
    this.h = truth.h();
    this.bestArm = truth.bestArm(arms);
    this.jStar = arms.dot(bestArm, h);
    int s = (int) Math.min(samples, horizon);
    long[] r = new long[s + 1];
    for (int j = 1; j <= s; j++) {
      r[j] = Math.round((double) j * horizon / s);
    }
    this.sampleRounds = r;
  }

  public DynLinConfig config() {
    return config;
  }

  public ArmSet arms() {
    return arms;
  }

  public long horizon() {
    return horizon;
  }

  public int trials() {
    return trials;
  }

  public double[] h() {
    return h.clone();
  }

  public double[] uStar() {
    return arms.arm(bestArm);
  }

  public double optimalValue() {
    return jStar;
  }

  /** The true bounds with δ = 1/T. */
  public DynLinBounds trueBounds() {
    return truth.trueBounds(horizon);
  }

  /** The rounds at which cumulative regret is sampled: 0, then increasing up to T. */
  public long[] sampleRounds() {
    return sampleRounds.clone();
  }

  public long noiseSeed(int trial) {
    return Rng.derive(seed, 2L * trial + 1);
  }

  public long policySeed(int trial) {
    return Rng.derive(seed, 2L * trial + 2);
  }

  /**
   * A fresh policy for a trial: learners get {@code bounds}; Expert gets the config's normalised
   * expert allocation (IllegalArgumentException if the config has none); Clairvoyant gets u*. Exp3,
   * Batch-Exp3 and AR2 get the constants the authors' script computes ({@link AuthorsConstants}:
   * complex where A's eigenvalues are).
   */
  public BudgetPolicy newPolicy(String name, int trial, DynLinBounds bounds) {
    String n = PolicyFactory.canonicalName(name);
    boolean authors = n.equals("Exp3") || n.equals("Batch-Exp3") || n.equals("AR2");
    if (authors && bounds.rhoBar() >= BlockSchedule.RHO_EPSILON) {
      AuthorsConstants ac = AuthorsConstants.of(config.a(), bounds.rhoBar() / truth.spectralRadius());
      double scale = ac.exp3Scale(bounds.theta(), bounds.omega(), bounds.bBar(), arms.maxNorm());
      long s = policySeed(trial);
      return switch (n) {
        case "Exp3" -> new Exp3(n, arms, horizon, scale, s);
        case "Batch-Exp3" -> new BatchExp3(n, arms, horizon, ac.batchSize(horizon), scale, s);
        default -> new Ar2(n, arms, ac.re(), ac.im(), bounds.sigma(), s);
      };
    }
    double[] fixed = null;
    if (n.equals("Expert")) {
      fixed =
          config
              .expertAllocation()
              .orElseThrow(() -> new IllegalArgumentException("config '" + config.name() + "' has no expert allocation"));
    } else if (n.equals("Clairvoyant")) {
      fixed = uStar();
    }
    return PolicyFactory.create(n, arms, horizon, policySeed(trial), bounds, fixed);
  }

  /** Runs {@code policy} (fresh) for T rounds in trial {@code trial}; cumulative regret at {@link #sampleRounds()}. */
  public double[] runTrial(BudgetPolicy policy, int trial) {
    LinearDynamicalEnvironment env = truth.withNoiseSeed(noiseSeed(trial));
    ArmSet pa = policy.arms();
    double[] regretOfArm = new double[pa.size()];
    for (int i = 0; i < pa.size(); i++) {
      regretOfArm[i] = jStar - pa.dot(i, h);
    }
    double[] out = new double[sampleRounds.length];
    int next = 1;
    double cum = 0;
    for (long t = 0; t < horizon; t++) {
      int a = policy.chooseArm();
      double r = env.step(pa.row(a));
      policy.observe(r);
      cum += regretOfArm[a];
      while (next < sampleRounds.length && sampleRounds[next] == t + 1) {
        out[next++] = cum;
      }
    }
    return out;
  }

  /** Mean, std (ddof 0) and std/√n across trials of the per-trial curves. */
  public static Curve aggregate(String policy, long[] rounds, List<double[]> perTrial) {
    int n = perTrial.size();
    int len = rounds.length;
    double[] mean = new double[len];
    double[] std = new double[len];
    double[] se = new double[len];
    for (int j = 0; j < len; j++) {
      double s = 0;
      for (double[] c : perTrial) {
        s += c[j];
      }
      double mu = s / n;
      double v = 0;
      for (double[] c : perTrial) {
        v += (c[j] - mu) * (c[j] - mu);
      }
      mean[j] = mu;
      std[j] = Math.sqrt(v / n);
      se[j] = std[j] / Math.sqrt(n);
    }
    return new Curve(policy, rounds.clone(), mean, std, se, n);
  }

  /** Runs every policy over every trial sequentially with the given bounds. */
  public List<Curve> run(List<String> policies, DynLinBounds bounds, Listener listener) {
    List<Curve> out = new ArrayList<>();
    for (String name : policies) {
      String n = PolicyFactory.canonicalName(name);
      listener.policyStarted(n);
      List<double[]> per = new ArrayList<>();
      for (int i = 0; i < trials; i++) {
        per.add(runTrial(newPolicy(n, i, bounds), i));
      }
      Curve c = aggregate(n, sampleRounds, per);
      listener.policyFinished(n, c);
      out.add(c);
    }
    return out;
  }
}
