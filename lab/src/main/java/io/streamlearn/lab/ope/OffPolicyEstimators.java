package io.streamlearn.lab.ope;

import io.streamlearn.models.Rng;
import io.streamlearn.ops.report.Percentiles;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Off-policy estimates of a target policy's value per round from logged feedback, as the Open Bandit
 * Pipeline defines them, with w_i = π(a_i | i) / p_i:
 *
 * <pre>
 *   IPS   = (1/n) Σ w_i r_i
 *   SNIPS = Σ w_i r_i / Σ w_i
 *   DR    = (1/n) Σ [ Σ_a π(a | i) q̂(a) + w_i (r_i − q̂(a_i)) ],  q̂ = mean logged reward per action and position
 *   ESS   = (Σ w_i)² / Σ w_i²   (rows the estimate is worth)
 * </pre>
 *
 * Intervals: the 2.5% and 97.5% nearest-rank percentiles of the estimate over bootstrap resamples of
 * the rows (seeded). All of them assume rounds are independent given their action; under carry-over
 * (DynLin-UCB's setting) that fails, and the bias is measured rather than assumed away
 * ({@code experiment counterfactual}).
 */
public final class OffPolicyEstimators {

  /** The target's probabilities for one logged row. */
  public interface Target {
    /** π(action | row) at the row's position. */
    double probability(int row, String action, int position);

    /** Every action with π &gt; 0 at the row's position, for the doubly robust direct term. */
    Map<String, Double> distribution(int row, int position);
  }

  /** The estimates; ciLow/ciHigh bound SNIPS, ips/dr have their own bounds. */
  public record Estimate(int rows, double ips, double snips, double dr, double ciLow, double ciHigh, double ess,
      double ipsLow, double ipsHigh, double drLow, double drHigh) {

    /** The summary.json object of issue 14: ips, snips, dr, ci_low, ci_high (of SNIPS), ess. */
    public Map<String, Object> summary() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ips", ips);
      m.put("snips", snips);
      m.put("dr", dr);
      m.put("ci_low", ciLow);
      m.put("ci_high", ciHigh);
      m.put("ess", ess);
      return m;
    }
  }

  private OffPolicyEstimators() {}

  /** A table of action probabilities as a target (the same in every row). */
  public static Target of(TargetProbabilities table) {
    return new Target() {
      @Override
      public double probability(int row, String action, int position) {
        return table.probability(action, position);
      }

      @Override
      public Map<String, Double> distribution(int row, int position) {
        return table.actions(position);
      }
    };
  }

  public static Estimate estimate(FeedbackLog log, Target target, int resamples, long seed) {
    List<FeedbackLog.Row> rows = log.rows();
    int n = rows.size();
    Map<String, double[]> sums = new HashMap<>();
    double all = 0;
    for (FeedbackLog.Row row : rows) {
      double[] s = sums.computeIfAbsent(row.action() + "@" + row.position(), k -> new double[2]);
      s[0] += row.reward();
      s[1]++;
      all += row.reward();
    }
    double overall = all / n;
    double[] w = new double[n];
    double[] wr = new double[n];
    double[] drTerm = new double[n];
    for (int i = 0; i < n; i++) {
      FeedbackLog.Row row = rows.get(i);
      w[i] = target.probability(i, row.action(), row.position()) / row.propensity();
      wr[i] = w[i] * row.reward();
      double direct = 0;
      for (Map.Entry<String, Double> e : target.distribution(i, row.position()).entrySet()) {
        direct += e.getValue() * qHat(sums, e.getKey(), row.position(), overall);
      }
      drTerm[i] = direct + w[i] * (row.reward() - qHat(sums, row.action(), row.position(), overall));
    }
    double[] point = estimates(w, wr, drTerm, null);
    double[][] boot = new double[3][resamples];
    Rng rng = new Rng(seed);
    int[] pick = new int[n];
    for (int b = 0; b < resamples; b++) {
      for (int i = 0; i < n; i++) {
        pick[i] = rng.nextInt(n);
      }
      double[] e = estimates(w, wr, drTerm, pick);
      for (int k = 0; k < 3; k++) {
        boot[k][b] = e[k];
      }
    }
    double sw = 0;
    double sw2 = 0;
    for (double v : w) {
      sw += v;
      sw2 += v * v;
    }
    return new Estimate(n, point[0], point[1], point[2], low(boot[1]), high(boot[1]), sw2 == 0 ? 0 : sw * sw / sw2,
        low(boot[0]), high(boot[0]), low(boot[2]), high(boot[2]));
  }

  private static double qHat(Map<String, double[]> sums, String action, int position, double overall) {
    double[] s = sums.get(action + "@" + position);
    return s == null ? overall : s[0] / s[1];
  }

  /** {ips, snips, dr} over the rows {@code pick} (null: all rows once). */
  private static double[] estimates(double[] w, double[] wr, double[] dr, int[] pick) {
    int n = w.length;
    double sw = 0;
    double swr = 0;
    double sdr = 0;
    for (int j = 0; j < n; j++) {
      int i = pick == null ? j : pick[j];
      sw += w[i];
      swr += wr[i];
      sdr += dr[i];
    }
    return new double[] {swr / n, sw == 0 ? Double.NaN : swr / sw, sdr / n};
  }

  private static double low(double[] values) {
    return values.length == 0 ? Double.NaN : Percentiles.nearestRank(values, 0.025);
  }

  private static double high(double[] values) {
    return values.length == 0 ? Double.NaN : Percentiles.nearestRank(values, 0.975);
  }
}
