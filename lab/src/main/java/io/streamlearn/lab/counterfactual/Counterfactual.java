package io.streamlearn.lab.counterfactual;

import io.streamlearn.models.Rng;
import io.streamlearn.models.ads.ArmSet;
import io.streamlearn.models.ads.BudgetPolicy;
import io.streamlearn.ops.report.Percentiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * "What would policy B have earned": every policy run against the system fitted from a log, with a
 * residual bootstrap. Replicate j draws the log's residuals in moving blocks, adds them to the
 * fitted rewards, refits the FIR on that synthetic log (parameter uncertainty) and runs every
 * policy for the log's length against the refitted system with its own block-drawn noise (common to
 * the policies of the replicate). The estimate is the mean over replicates, the interval their 2.5%
 * and 97.5% nearest-rank percentiles.
 */
public final class Counterfactual {

  /**
   * Reward per round and regret over the horizon, with their intervals, in the policies' units;
   * {@code replicateRewards}/{@code replicateRegrets} are the values of each bootstrap replicate.
   */
  public record Estimate(String policy, double reward, double rewardLow, double rewardHigh, double regret,
      double regretLow, double regretHigh, double[] replicateRewards, double[] replicateRegrets) {

    static Estimate of(String policy, double[] rewards, double[] regrets) {
      return new Estimate(policy, mean(rewards), Percentiles.nearestRank(rewards, 0.025),
          Percentiles.nearestRank(rewards, 0.975), mean(regrets), Percentiles.nearestRank(regrets, 0.025),
          Percentiles.nearestRank(regrets, 0.975), rewards, regrets);
    }

    /** Several campaigns' estimates of one policy as their mean, replicate by replicate. */
    public static Estimate pooled(String policy, List<Estimate> campaigns) {
      int b = campaigns.get(0).replicateRewards().length;
      double[] rewards = new double[b];
      double[] regrets = new double[b];
      for (Estimate e : campaigns) {
        for (int j = 0; j < b; j++) {
          rewards[j] += e.replicateRewards()[j] / campaigns.size();
          regrets[j] += e.replicateRegrets()[j] / campaigns.size();
        }
      }
      return of(policy, rewards, regrets);
    }

    /** summary.json's {@code model_based}: reward (per round) and regret in {@code unit}s, ci of the reward. */
    public Map<String, Object> summary(double unit) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("reward", reward * unit);
      m.put("regret", regret * unit);
      m.put("ci_low", rewardLow * unit);
      m.put("ci_high", rewardHigh * unit);
      m.put("regret_ci_low", regretLow * unit);
      m.put("regret_ci_high", regretHigh * unit);
      return m;
    }
  }

  private Counterfactual() {}

  /**
   * @param policies names, each built fresh by {@code maker} for every run
   * @param u the log's allocations per round, {@code r} its rewards
   * @param rounds horizon of each run (usually the log's length)
   * @param arms the campaign's arm set, whose best arm regret is counted against
   */
  public static List<Estimate> evaluate(List<String> policies, Function<String, BudgetPolicy> maker, FirFit fit,
      double[][] u, double[] r, int rounds, int replicates, long seed, ArmSet arms) {
    FirModel model = fit.model();
    int lags = model.lags();
    int block = FirSystem.blockLength(model, fit.residuals().length);
    Map<String, double[][]> results = new LinkedHashMap<>();
    policies.forEach(p -> results.put(p, new double[2][replicates]));
    for (int j = 0; j < replicates; j++) {
      double[] e = FirSystem.resample(fit.residuals(), r.length - lags, block, Rng.derive(seed, 2L * j));
      double[] y = r.clone();
      for (int t = lags; t < r.length; t++) {
        y[t] = model.predict(u, t) + e[t - lags];
      }
      FirModel refit = FirModel.fit(u, y, lags, 0, r.length);
      double[] residuals = refit.residuals(u, y);
      for (String policy : policies) {
        PolicyRun run = PolicyRun.play(maker.apply(policy), new FirSystem(refit, residuals, Rng.derive(seed, 2L * j + 1)),
            rounds, arms);
        results.get(policy)[0][j] = run.meanReward();
        results.get(policy)[1][j] = run.regret();
      }
    }
    List<Estimate> out = new ArrayList<>();
    results.forEach((policy, v) -> out.add(Estimate.of(policy, v[0], v[1])));
    return out;
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }
}
