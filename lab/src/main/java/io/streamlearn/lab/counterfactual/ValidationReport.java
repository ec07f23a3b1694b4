package io.streamlearn.lab.counterfactual;

import static io.streamlearn.lab.report.ReportHtml.num;

import io.streamlearn.lab.report.Charts;
import io.streamlearn.lab.report.ReportHtml;
import io.streamlearn.ops.report.ResultsWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code experiment counterfactual} writes: summary.json, validation.csv, ope_bias.csv, two PNGs and report.html. */
final class ValidationReport {

  private ValidationReport() {}

  static void write(Path out, List<CounterfactualValidation.Result> results, CounterfactualValidation.Settings s,
      String command) throws IOException {
    Map<String, Object> summary = new LinkedHashMap<>();
    List<List<String>> validationRows = new ArrayList<>();
    List<List<String>> biasRows = new ArrayList<>();
    Map<String, double[][]> rewardPoints = new LinkedHashMap<>();
    Map<String, double[][]> biasPoints = new LinkedHashMap<>();
    for (CounterfactualValidation.Result r : results) {
      summary.put(r.config(), summary(r));
      double[][] rewards = new double[2][r.policies().size()];
      for (int i = 0; i < r.policies().size(); i++) {
        CounterfactualValidation.PolicyResult p = r.policies().get(i);
        rewards[0][i] = p.trueReward();
        rewards[1][i] = p.fitted().reward();
        validationRows.add(List.of(r.config(), p.policy(), num(p.trueReward(), 4), num(p.fitted().reward(), 4),
            num(100 * p.rewardError(), 1) + "%", num(p.trueRegret(), 1), num(p.fitted().regret(), 1),
            num(p.fitted().regretLow(), 1) + " – " + num(p.fitted().regretHigh(), 1),
            Integer.toString(r.trueRanking().indexOf(p.policy()) + 1), Integer.toString(r.fittedRanking().indexOf(p.policy()) + 1)));
      }
      rewardPoints.put(r.config(), rewards);
      List<CarryOverBias> all = new ArrayList<>(r.fixedArms());
      r.policies().forEach(p -> all.add(p.ope()));
      double[][] bias = new double[2][all.size()];
      for (int i = 0; i < all.size(); i++) {
        CarryOverBias b = all.get(i);
        bias[0][i] = b.trueValue();
        bias[1][i] = b.estimate().ips();
        biasRows.add(List.of(r.config(), b.target(), num(b.trueValue(), 4), num(b.estimate().ips(), 4),
            num(b.estimate().snips(), 4), num(b.estimate().dr(), 4),
            num(b.estimate().ciLow(), 4) + " – " + num(b.estimate().ciHigh(), 4), num(b.estimate().ess(), 0),
            num(b.ipsBias(), 4), num(100 * b.relativeIpsBias(), 0) + "%"));
      }
      biasPoints.put(r.config(), bias);
    }
    ResultsWriter.writeSummary(out, summary);
    List<String> validationHeader = List.of("config", "policy", "true reward/round", "fitted reward/round", "error",
        "true regret", "fitted regret", "fitted regret 95%", "true rank", "fitted rank");
    List<String> biasHeader = List.of("config", "target", "true value/round", "IPS", "SNIPS", "DR", "SNIPS 95%", "ESS",
        "IPS bias", "relative");
    ResultsWriter.writeCsv(out.resolve("validation.csv"), validationHeader, ReportHtml.csvColumns(validationRows));
    ResultsWriter.writeCsv(out.resolve("ope_bias.csv"), biasHeader, ReportHtml.csvColumns(biasRows));
    Path rewardsPng = out.resolve("validation.png");
    Charts.writePng(rewardsPng, Charts.scatterWithDiagonal("Reward per round: fitted system against the true one (one point per policy)",
        "true reward per round", "fitted-model reward per round", rewardPoints));
    Path biasPng = out.resolve("ips-bias.png");
    Charts.writePng(biasPng, Charts.scatterWithDiagonal("Per-round IPS against the true value under carry-over"
        + " (fixed arms and policies)", "true value per round", "IPS estimate from the log", biasPoints));

    ReportHtml html = new ReportHtml("Model-based counterfactual and off-policy evaluation on known systems");
    html.paragraph("Each system logs " + s.rounds() + " rounds of " + s.loggingPolicy() + " with ε = " + s.epsilon()
        + " exploration. A finite impulse response fitted to that log (lag chosen on the 60–80% rounds, held-out error"
        + " on the last 20%) stands in for the system: every policy runs against it for " + s.rounds() + " rounds in "
        + s.replicates() + " residual-bootstrap replicates, and against the true system in " + s.trials() + " trials."
        + " Rewards are per round, regret is Σ (J* − J(u_t)) over the horizon, in reward units.");
    html.heading("Ranking and the 10% rule");
    List<List<String>> headline = new ArrayList<>();
    for (CounterfactualValidation.Result r : results) {
      headline.add(List.of(r.config(), num(r.rho(), 2), Integer.toString(r.fit().model().lags()),
          num(r.fit().heldoutNrmse(), 3), r.rankingMatches() ? "yes" : "no", num(r.kendallTau(), 2),
          r.reversedPairs().size() + " of " + r.separatedPairs(), r.within10Percent() + " of " + r.policies().size()));
    }
    html.table(List.of("config", "ρ(A)", "FIR lags", "held-out NRMSE", "exact ranking", "Kendall τ",
        "separated pairs reversed", "rewards within 10%"), headline);
    html.paragraph("A pair is separated when the true regrets differ by more than 2 standard errors of their"
        + " difference over the trials; closer pairs are ties the trials cannot order.");
    html.figure(rewardsPng, "Fitted-model reward against true reward");
    html.table(validationHeader, validationRows);
    html.heading("Per-round IPS under carry-over");
    html.paragraph("The same logs, evaluated per round: IPS credits each round's reward to that round's action, but"
        + " with carry-over part of it was earned by the logging policy's earlier actions. The true value of"
        + " \"always a\" is its steady-state reward J(a); that of a policy its mean reward per round on the true system.");
    html.figure(biasPng, "IPS estimate against the true value");
    html.table(biasHeader, biasRows);
    html.write(out, command);
  }

  private static Map<String, Object> summary(CounterfactualValidation.Result r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("fit", Map.of("heldout_nrmse", r.fit().heldoutNrmse(), "lags", r.fit().model().lags()));
    m.put("ranking_matches", r.rankingMatches());
    m.put("kendall_tau", r.kendallTau());
    m.put("separated_pairs", r.separatedPairs());
    m.put("separated_pairs_reversed", r.reversedPairs());
    m.put("rewards_within_10_percent", r.within10Percent());
    Map<String, Object> policies = new LinkedHashMap<>();
    for (CounterfactualValidation.PolicyResult p : r.policies()) {
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("true_reward", p.trueReward());
      q.put("true_regret", p.trueRegret());
      q.put("model_based", p.fitted().summary(1));
      q.put("ope", p.ope().estimate().summary());
      q.put("ips_bias", p.ope().ipsBias());
      policies.put(p.policy(), q);
    }
    m.put("policies", policies);
    Map<String, Object> fixed = new LinkedHashMap<>();
    r.fixedArms().forEach(b -> fixed.put(b.target(), Map.of("true_value", b.trueValue(), "ips", b.estimate().ips(),
        "ips_bias", b.ipsBias())));
    m.put("fixed_arms", fixed);
    return m;
  }
}
