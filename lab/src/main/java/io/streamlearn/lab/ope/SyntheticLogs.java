package io.streamlearn.lab.ope;

import io.streamlearn.models.Rng;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Logs with a known answer, for checking the estimators: K actions with Bernoulli rewards of known
 * means, drawn by a fixed logging distribution, and a target distribution whose true value is
 * Σ_a π(a) μ(a). Rounds are independent: the setting the estimators' intervals are built for.
 */
public final class SyntheticLogs {

  /** A default problem: 5 actions, a skewed logger, a target preferring what the logger rarely plays. */
  public static final SyntheticLogs DEFAULT = new SyntheticLogs(new double[] {0.10, 0.20, 0.30, 0.40, 0.50},
      new double[] {0.40, 0.25, 0.15, 0.12, 0.08}, new double[] {0.05, 0.05, 0.10, 0.30, 0.50});

  private final double[] means;
  private final double[] logging;
  private final double[] target;

  public SyntheticLogs(double[] means, double[] logging, double[] target) {
    this.means = means.clone();
    this.logging = logging.clone();
    this.target = target.clone();
  }

  public double trueValue() {
    double v = 0;
    for (int a = 0; a < means.length; a++) {
      v += target[a] * means[a];
    }
    return v;
  }

  public TargetProbabilities targetTable() {
    Map<String, Double> table = new LinkedHashMap<>();
    for (int a = 0; a < target.length; a++) {
      table.put(Integer.toString(a), target[a]);
    }
    return TargetProbabilities.of("synthetic target", table);
  }

  public FeedbackLog log(int rows, long seed) {
    Rng rng = new Rng(seed);
    List<FeedbackLog.Row> out = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      double u = rng.nextDouble();
      int a = 0;
      double c = logging[0];
      while (u >= c && a < logging.length - 1) {
        c += logging[++a];
      }
      double reward = rng.nextDouble() < means[a] ? 1 : 0;
      out.add(new FeedbackLog.Row(Integer.toString(i), Integer.toString(a), 0, reward, logging[a], List.of()));
    }
    return new FeedbackLog("synthetic seed " + seed, List.of(), out);
  }
}
