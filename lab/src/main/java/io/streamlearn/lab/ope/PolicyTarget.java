package io.streamlearn.lab.ope;

import io.streamlearn.models.ads.ArmSet;
import io.streamlearn.models.ads.BudgetPolicy;
import io.streamlearn.models.ads.PolicySnapshot;

/**
 * One of the project's policies as an off-policy target along one campaign's logged rounds, the way
 * Li et al. (2011) replay a learning policy on logged data: in every round the target decides from
 * what it has learned, its probabilities of every arm weigh the logged reward, and it learns from
 * the round only if the log played the arm it chose; otherwise the decision is undone (its state
 * restored), as if it had not seen the round. A target whose arms are not the log's (the Expert's
 * one allocation) is mapped onto the log's arm set by allocation; an allocation the log's arm set
 * lacks could never be logged and gets no weight.
 */
public final class PolicyTarget {

  private PolicyTarget() {}

  /**
   * @param logArms the arm set the log's actions index
   * @param actions the logged arm of each round, in round order
   * @param rewards the reward each round's action earned, in the policy's units
   * @return per round, the target's probability of every arm of {@code logArms}
   */
  public static double[][] along(BudgetPolicy target, ArmSet logArms, int[] actions, double[] rewards) {
    int[] toLog = new int[target.arms().size()];
    for (int a = 0; a < toLog.length; a++) {
      toLog[a] = logArms.indexOf(target.arms().row(a));
    }
    double[][] pi = new double[actions.length][logArms.size()];
    for (int t = 0; t < actions.length; t++) {
      byte[] before = PolicySnapshot.of(target);
      int chosen = target.chooseArm();
      for (int a = 0; a < toLog.length; a++) {
        if (toLog[a] >= 0) {
          pi[t][toLog[a]] += target.probabilityOf(a);
        }
      }
      if (toLog[chosen] == actions[t]) {
        target.observe(rewards[t]);
      } else {
        PolicySnapshot.restore(target, before);
      }
    }
    return pi;
  }
}
