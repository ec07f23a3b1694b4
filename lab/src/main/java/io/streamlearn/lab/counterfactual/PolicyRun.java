package io.streamlearn.lab.counterfactual;

import io.streamlearn.models.ads.ArmSet;
import io.streamlearn.models.ads.BudgetPolicy;

/**
 * One policy played against a world for T rounds, as a campaign plays it: choose, apply for a round,
 * observe the reward. Records the realised rewards and the steady-state pseudo-regret Σ_t (J* −
 * J(u_t)) against the world's best fixed arm of {@code reference} (the campaign's arm set, so that a
 * policy with arms of its own, the Expert's one allocation, is measured against the same optimum),
 * as the paper and {@code experiment dynlin} count it.
 *
 * @param arms each round's arm; {@code propensities} each decision's logged propensity
 */
public record PolicyRun(int[] arms, double[] rewards, double[] propensities, double meanReward, double regret) {

  public static PolicyRun play(BudgetPolicy policy, RewardSystem world, int rounds, ArmSet reference) {
    ArmSet set = policy.arms();
    double best = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < reference.size(); a++) {
      best = Math.max(best, world.value(reference.row(a)));
    }
    double[] valueOf = new double[set.size()];
    for (int a = 0; a < set.size(); a++) {
      valueOf[a] = world.value(set.row(a));
    }
    int[] arms = new int[rounds];
    double[] rewards = new double[rounds];
    double[] propensities = new double[rounds];
    double sum = 0;
    double regret = 0;
    for (int t = 0; t < rounds; t++) {
      int a = policy.chooseArm();
      propensities[t] = policy.propensity();
      double r = world.step(set.row(a));
      policy.observe(r);
      arms[t] = a;
      rewards[t] = r;
      sum += r;
      regret += best - valueOf[a];
    }
    return new PolicyRun(arms, rewards, propensities, sum / rounds, regret);
  }

  /** The allocation of every round (arm-set units), as a log records them. */
  public double[][] allocations(ArmSet set) {
    double[][] u = new double[arms.length][];
    for (int t = 0; t < arms.length; t++) {
      u[t] = set.arm(arms[t]);
    }
    return u;
  }
}
