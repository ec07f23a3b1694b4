package io.streamlearn.lab.ope;

import io.streamlearn.models.ads.BudgetPolicy;
import io.streamlearn.models.ads.PolicySnapshot;

/**
 * One of the project's policies as an off-policy target along one campaign's logged rounds, the way
 * Li et al. (2011) replay a learning policy on logged data: in every round the target decides from
 * what it has learned, its probabilities of every arm weigh the logged reward, and it learns from
 * the round only if the log played the arm it chose; otherwise the decision is undone (its state
 * restored), as if it had not seen the round.
 */
public final class PolicyTarget {

  private PolicyTarget() {}

  /**
   * @param actions the logged arm of each round, in round order
   * @param rewards the reward each round's action earned, in the policy's units
   * @return per round, the target's probability of every arm
   */
  public static double[][] along(BudgetPolicy target, int[] actions, double[] rewards) {
    int k = target.arms().size();
    double[][] pi = new double[actions.length][k];
    for (int t = 0; t < actions.length; t++) {
      byte[] before = PolicySnapshot.of(target);
      int chosen = target.chooseArm();
      for (int a = 0; a < k; a++) {
        pi[t][a] = target.probabilityOf(a);
      }
      if (chosen == actions[t]) {
        target.observe(rewards[t]);
      } else {
        PolicySnapshot.restore(target, before);
      }
    }
    return pi;
  }
}
