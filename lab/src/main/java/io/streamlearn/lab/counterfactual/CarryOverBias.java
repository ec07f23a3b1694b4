package io.streamlearn.lab.counterfactual;

import io.streamlearn.lab.ope.FeedbackLog;
import io.streamlearn.lab.ope.OffPolicyEstimators;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How wrong per-round off-policy estimates are when today's action pays later: a log is played on a
 * world whose truth is known, and each target's IPS, SNIPS and DR estimates from that log are set
 * against the target's true value per round. IPS credits a round's reward to that round's action,
 * but under carry-over part of it was earned by the logging policy's earlier actions: the estimate
 * of "always play a" drifts toward what the logger's history earned.
 *
 * @param trueValue the target's true reward per round on the world
 */
public record CarryOverBias(String target, double trueValue, OffPolicyEstimators.Estimate estimate) {

  public double ipsBias() {
    return estimate.ips() - trueValue;
  }

  public double relativeIpsBias() {
    return ipsBias() / Math.abs(trueValue);
  }

  /** The log as OBP feedback: action = arm index, one slot. */
  public static FeedbackLog feedback(PolicyRun log) {
    List<FeedbackLog.Row> rows = new ArrayList<>();
    for (int t = 0; t < log.arms().length; t++) {
      rows.add(new FeedbackLog.Row(Integer.toString(t), Integer.toString(log.arms()[t]), 0, log.rewards()[t],
          log.propensities()[t], List.of()));
    }
    return new FeedbackLog("simulated log", List.of(), rows);
  }

  /** Per-row target probabilities over arm indices as an estimator target. */
  public static OffPolicyEstimators.Target target(double[][] pi) {
    return new OffPolicyEstimators.Target() {
      @Override
      public double probability(int row, String action, int position) {
        return pi[row][Integer.parseInt(action)];
      }

      @Override
      public Map<String, Double> distribution(int row, int position) {
        Map<String, Double> d = new HashMap<>();
        for (int a = 0; a < pi[row].length; a++) {
          if (pi[row][a] > 0) {
            d.put(Integer.toString(a), pi[row][a]);
          }
        }
        return d;
      }
    };
  }

  /** The target "always arm {@code arm}" for every row of a log of {@code rows} rounds over {@code k} arms. */
  public static double[][] fixedArm(int arm, int k, int rows) {
    double[][] pi = new double[rows][k];
    for (double[] row : pi) {
      row[arm] = 1;
    }
    return pi;
  }
}
