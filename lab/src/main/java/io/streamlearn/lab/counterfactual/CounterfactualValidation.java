package io.streamlearn.lab.counterfactual;

import io.streamlearn.lab.ope.OffPolicyEstimators;
import io.streamlearn.lab.ope.PolicyTarget;
import io.streamlearn.models.Rng;
import io.streamlearn.models.ads.ArmSet;
import io.streamlearn.models.ads.BudgetPolicy;
import io.streamlearn.models.ads.Explored;
import io.streamlearn.models.ads.PolicyFactory;
import io.streamlearn.traffic.ads.DynLinConfig;
import io.streamlearn.traffic.ads.LinearDynamicalEnvironment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The model-based counterfactual and per-round OPE checked against a known system: a logging
 * policy (DynLin-UCB with ε-exploration, as live) plays the system; the FIR fitted from that log
 * evaluates every policy; every policy also plays the true system (trials with their own noise);
 * the two must rank the policies alike by regret and agree on reward within 10%. The same log gives
 * the per-round IPS/SNIPS/DR estimate of each policy and of each fixed arm, set against the truth.
 */
public final class CounterfactualValidation {

  /** Sizes and seeds of one validation. */
  public record Settings(int rounds, int replicates, int trials, double epsilon, String loggingPolicy, int resamples,
      long seed) {}

  /**
   * One policy: true reward per round and regret (means over trials, the regret's standard error),
   * the fitted estimate and the OPE one.
   */
  public record PolicyResult(String policy, double trueReward, double trueRegret, double trueRegretSe,
      Counterfactual.Estimate fitted, CarryOverBias ope) {

    public double rewardError() {
      return fitted.reward() / trueReward - 1;
    }
  }

  /** One system's validation. */
  public record Result(String config, double rho, FirFit fit, List<PolicyResult> policies, List<CarryOverBias> fixedArms,
      List<String> trueRanking, List<String> fittedRanking, double kendallTau) {

    public boolean rankingMatches() {
      return trueRanking.equals(fittedRanking);
    }

    public long within10Percent() {
      return policies.stream().filter(p -> Math.abs(p.rewardError()) <= 0.10).count();
    }

    /**
     * Pairs the truth tells apart (regrets more than 2 standard errors of their difference apart)
     * that the fitted system orders the other way, as "better < worse" in truth. Pairs closer than
     * that are ties the trials cannot order, so an exact ranking may differ on them by chance.
     */
    public List<String> reversedPairs() {
      List<String> out = new ArrayList<>();
      for (PolicyResult a : policies) {
        for (PolicyResult b : policies) {
          double gap = b.trueRegret() - a.trueRegret();
          boolean separated = gap > 2 * Math.hypot(a.trueRegretSe(), b.trueRegretSe());
          if (separated && a.fitted().regret() > b.fitted().regret()) {
            out.add(a.policy() + " < " + b.policy());
          }
        }
      }
      return out;
    }

    /** Pairs the truth tells apart (see {@link #reversedPairs}). */
    public long separatedPairs() {
      long n = 0;
      for (PolicyResult a : policies) {
        for (PolicyResult b : policies) {
          n += b.trueRegret() - a.trueRegret() > 2 * Math.hypot(a.trueRegretSe(), b.trueRegretSe()) ? 1 : 0;
        }
      }
      return n;
    }
  }

  private CounterfactualValidation() {}

  /** The policies evaluated on a config: every learner, and the Expert where the config has one. */
  public static List<String> policies(DynLinConfig cfg) {
    return PolicyFactory.NAMES.stream().filter(n -> !n.equals("Clairvoyant"))
        .filter(n -> !n.equals("Expert") || cfg.expertAllocation().isPresent()).toList();
  }

  /**
   * @param live the live policy of each name (configured bounds, seeded as a campaign), the Expert
   *     taking the config's allocation
   */
  public static Result run(DynLinConfig cfg, Function<String, BudgetPolicy> live, Settings s) {
    LinearDynamicalEnvironment truth = cfg.environment(0);
    ArmSet arms = cfg.arms();
    List<String> names = policies(cfg);
    BudgetPolicy logger = new Explored(live.apply(s.loggingPolicy()), s.epsilon(), s.seed());
    PolicyRun log = PolicyRun.play(logger, RewardSystem.of(truth.withNoiseSeed(Rng.derive(s.seed(), 1))), s.rounds(),
        arms);
    double[][] u = log.allocations(arms);
    FirFit fit = FirFit.of(u, log.rewards());
    List<Counterfactual.Estimate> fitted = Counterfactual.evaluate(names, live, fit, u, log.rewards(), s.rounds(),
        s.replicates(), Rng.derive(s.seed(), 2), arms);
    List<PolicyResult> results = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      double[] reward = new double[s.trials()];
      double[] regret = new double[s.trials()];
      for (int trial = 0; trial < s.trials(); trial++) {
        PolicyRun run = PolicyRun.play(live.apply(name),
            RewardSystem.of(truth.withNoiseSeed(Rng.derive(s.seed(), 100 + trial))), s.rounds(), arms);
        reward[trial] = run.meanReward();
        regret[trial] = run.regret();
      }
      double[][] pi = PolicyTarget.along(live.apply(name), arms, log.arms(), log.rewards());
      OffPolicyEstimators.Estimate ope = OffPolicyEstimators.estimate(CarryOverBias.feedback(log), CarryOverBias.target(pi),
          s.resamples(), Rng.derive(s.seed(), 3));
      double meanReward = Counterfactual.mean(reward);
      results.add(new PolicyResult(name, meanReward, Counterfactual.mean(regret), standardError(regret), fitted.get(i),
          new CarryOverBias(name, meanReward, ope)));
    }
    List<CarryOverBias> fixed = new ArrayList<>();
    for (int a = 0; a < arms.size(); a++) {
      OffPolicyEstimators.Estimate ope = OffPolicyEstimators.estimate(CarryOverBias.feedback(log),
          CarryOverBias.target(CarryOverBias.fixedArm(a, arms.size(), s.rounds())), s.resamples(), Rng.derive(s.seed(), 4));
      fixed.add(new CarryOverBias("always " + java.util.Arrays.toString(arms.arm(a)), truth.value(arms.row(a)), ope));
    }
    List<String> trueRanking = results.stream().sorted(Comparator.comparingDouble(PolicyResult::trueRegret))
        .map(PolicyResult::policy).toList();
    List<String> fittedRanking = results.stream().sorted(Comparator.comparingDouble(p -> p.fitted().regret()))
        .map(PolicyResult::policy).toList();
    return new Result(cfg.name(), truth.spectralRadius(), fit, results, fixed, trueRanking, fittedRanking,
        kendallTau(results));
  }

  private static double standardError(double[] v) {
    double m = Counterfactual.mean(v);
    double ss = 0;
    for (double x : v) {
      ss += (x - m) * (x - m);
    }
    return v.length < 2 ? 0 : Math.sqrt(ss / (v.length - 1) / v.length);
  }

  /** Kendall's τ between the true and the fitted regrets (1: same order, −1: reversed). */
  static double kendallTau(List<PolicyResult> r) {
    int concordant = 0;
    int discordant = 0;
    for (int i = 0; i < r.size(); i++) {
      for (int j = i + 1; j < r.size(); j++) {
        double a = Math.signum(r.get(i).trueRegret() - r.get(j).trueRegret());
        double b = Math.signum(r.get(i).fitted().regret() - r.get(j).fitted().regret());
        if (a * b > 0) {
          concordant++;
        } else if (a * b < 0) {
          discordant++;
        }
      }
    }
    int pairs = r.size() * (r.size() - 1) / 2;
    return pairs == 0 ? Double.NaN : (double) (concordant - discordant) / pairs;
  }

  /** The paper's σ = 0.01 system with its transition scaled to ρ(A) = 0.5: longer carry-over, another optimum. */
  public static DynLinConfig shifted(DynLinConfig base) {
    double[][] a = base.a();
    double scale = 0.5 / base.environment(0).spectralRadius();
    for (double[] row : a) {
      for (int j = 0; j < row.length; j++) {
        row[j] *= scale;
      }
    }
    return new DynLinConfig(base.name() + "_rho0.5", base.n(), base.m(), base.p(), a, base.b(), base.c(), base.d(),
        base.expert(), base.horizon(), base.trials(), base.maxDailyBudget(), base.maxCampBudget(), base.minCampBudget(),
        base.noiseSigma());
  }
}
