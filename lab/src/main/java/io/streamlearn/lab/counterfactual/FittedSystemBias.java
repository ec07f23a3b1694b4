package io.streamlearn.lab.counterfactual;

import io.streamlearn.lab.ope.FeedbackLog;
import io.streamlearn.lab.ope.OffPolicyEstimators;
import io.streamlearn.lab.ope.PolicyTarget;
import io.streamlearn.models.Rng;
import io.streamlearn.models.ads.ArmSet;
import io.streamlearn.models.ads.BudgetPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The carry-over bias of per-round IPS measured on systems fitted from a log, whose truth is then
 * known: on each campaign's fitted system the live logging policy (with its exploration) writes a
 * log of the campaign's length; each target's OPE estimate from the campaigns' logs is set against
 * its true value there (its mean reward per round over runs on the same systems, or J(a) for a
 * fixed arm).
 */
public final class FittedSystemBias {

  /** One campaign: its fit, its logging policy, its policies by name, its log's length. */
  public record Campaign(FirFit fit, Supplier<BudgetPolicy> logger, Function<String, BudgetPolicy> policies, int rounds) {}

  private FittedSystemBias() {}

  public static List<CarryOverBias> measure(List<Campaign> campaigns, List<String> targets, ArmSet arms, int runs,
      int resamples, long seed) {
    List<PolicyRun> logs = new ArrayList<>();
    for (int c = 0; c < campaigns.size(); c++) {
      Campaign campaign = campaigns.get(c);
      logs.add(PolicyRun.play(campaign.logger().get(), system(campaign, Rng.derive(seed, c)), campaign.rounds(), arms));
    }
    FeedbackLog pooled = pooled(logs);
    List<CarryOverBias> out = new ArrayList<>();
    for (String target : targets) {
      List<double[][]> pi = new ArrayList<>();
      double truth = 0;
      for (int c = 0; c < campaigns.size(); c++) {
        Campaign campaign = campaigns.get(c);
        pi.add(PolicyTarget.along(campaign.policies().apply(target), arms, logs.get(c).arms(), logs.get(c).rewards()));
        for (int run = 0; run < runs; run++) {
          truth += PolicyRun.play(campaign.policies().apply(target), system(campaign, Rng.derive(seed, 1000L * (run + 1) + c)),
              campaign.rounds(), arms).meanReward() / runs / campaigns.size();
        }
      }
      out.add(new CarryOverBias(target, truth, OffPolicyEstimators.estimate(pooled, CarryOverBias.target(concat(pi)),
          resamples, Rng.derive(seed, 7))));
    }
    for (int a = 0; a < arms.size(); a++) {
      double truth = 0;
      List<double[][]> pi = new ArrayList<>();
      for (int c = 0; c < campaigns.size(); c++) {
        truth += campaigns.get(c).fit().model().value(arms.row(a)) / campaigns.size();
        pi.add(CarryOverBias.fixedArm(a, arms.size(), logs.get(c).arms().length));
      }
      out.add(new CarryOverBias("always " + Arrays.toString(arms.arm(a)), truth,
          OffPolicyEstimators.estimate(pooled, CarryOverBias.target(concat(pi)), resamples, Rng.derive(seed, 8))));
    }
    return out;
  }

  private static RewardSystem system(Campaign campaign, long seed) {
    return new FirSystem(campaign.fit().model(), campaign.fit().residuals(), seed);
  }

  private static FeedbackLog pooled(List<PolicyRun> logs) {
    List<FeedbackLog.Row> rows = new ArrayList<>();
    logs.forEach(log -> rows.addAll(CarryOverBias.feedback(log).rows()));
    return new FeedbackLog("logs on the fitted systems", List.of(), rows);
  }

  private static double[][] concat(List<double[][]> parts) {
    return parts.stream().flatMap(Arrays::stream).toArray(double[][]::new);
  }
}
