package io.streamlearn.lab.backtest;

import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.lab.ope.FeedbackLog;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.schemas.AdDecision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Logged bandit feedback from {@code ads.decisions} alone: the decision for round r (its allocation
 * and propensity) joined with the round's outcome, which the decision that closed round r carries
 * ({@code closed_round = r}, {@code closed_round_conversions}): exactly the reward the campaign's
 * learner was given. A round still open at the end of the log has no outcome and is left out.
 */
final class AdsFeedback {

  /** One logged round of a campaign. */
  record Round(long round, long roundStartMillis, String policy, int arm, double[] allocation, double propensity,
      long conversions) {}

  /** A campaign's rounds in order; rewards in the learner's units are conversions / conversions-per-reward-unit. */
  record CampaignLog(String campaign, List<Round> rounds) {

    int[] arms() {
      return rounds.stream().mapToInt(Round::arm).toArray();
    }

    double[] rewards(double conversionsPerUnit) {
      return rounds.stream().mapToDouble(r -> r.conversions() / conversionsPerUnit).toArray();
    }

    double[][] allocationUnits(double budgetUnit) {
      double[][] u = new double[rounds.size()][];
      for (int t = 0; t < u.length; t++) {
        double[] a = rounds.get(t).allocation();
        u[t] = new double[a.length];
        for (int j = 0; j < a.length; j++) {
          u[t][j] = a[j] / budgetUnit;
        }
      }
      return u;
    }
  }

  private AdsFeedback() {}

  /**
   * @param decisions in the order they were written (per campaign, round order)
   * @param source where they come from, for messages
   */
  static Map<String, CampaignLog> of(List<AdDecision> decisions, AdsSettings settings, String source) {
    Map<String, Map<Long, Long>> outcomes = new HashMap<>();
    for (AdDecision d : decisions) {
      outcomes.computeIfAbsent(d.getCampaignId(), c -> new HashMap<>()).put(d.getClosedRound(), d.getClosedRoundConversions());
    }
    Map<String, CampaignLog> logs = new LinkedHashMap<>();
    for (AdDecision d : decisions) {
      Long conversions = outcomes.get(d.getCampaignId()).get(d.getRound());
      if (conversions == null) {
        continue; // still open when the log ends
      }
      if (d.getPropensity() == null) {
        throw new UserError(source + ": the decision of campaign " + d.getCampaignId() + " for round " + d.getRound()
            + " has no propensity (logged before propensities were): it cannot be evaluated off-policy");
      }
      double[] allocation = d.getAllocation().stream().mapToDouble(Double::doubleValue).toArray();
      double[] units = new double[allocation.length];
      for (int j = 0; j < units.length; j++) {
        units[j] = allocation[j] / settings.budgetUnit();
      }
      int arm = settings.arms().indexOf(units);
      if (arm < 0) {
        throw new UserError(source + ": campaign " + d.getCampaignId() + " round " + d.getRound() + " allocated "
            + d.getAllocation() + ", not an arm of streamlearn.ads.budget: pass the --config the live run used");
      }
      logs.computeIfAbsent(d.getCampaignId(), c -> new CampaignLog(c, new ArrayList<>())).rounds().add(new Round(
          d.getRound(), d.getRoundStart().toEpochMilli(), d.getPolicy(), arm, allocation, d.getPropensity(), conversions));
    }
    if (logs.isEmpty()) {
      throw new UserError(source + ": no decision with a known outcome (a round needs the decision that closed it)");
    }
    return logs;
  }

  /** The campaigns' rounds as one OBP log: item_id = arm index, click = conversions, context = campaign, round, policy. */
  static FeedbackLog obp(Map<String, CampaignLog> logs, String source) {
    List<FeedbackLog.Row> rows = new ArrayList<>();
    for (CampaignLog log : logs.values()) {
      for (Round r : log.rounds()) {
        rows.add(new FeedbackLog.Row(Instant.ofEpochMilli(r.roundStartMillis()).toString(), Integer.toString(r.arm()), 0,
            r.conversions(), r.propensity(), List.of(log.campaign(), Long.toString(r.round()), r.policy())));
      }
    }
    return new FeedbackLog(source, List.of("campaign", "round", "policy"), rows);
  }
}
