package io.streamlearn.lab.backtest;

import static io.streamlearn.lab.report.ReportHtml.num;

import io.streamlearn.lab.counterfactual.CarryOverBias;
import io.streamlearn.lab.counterfactual.FirFit;
import io.streamlearn.lab.report.Charts;
import io.streamlearn.lab.report.ReportHtml;
import io.streamlearn.ops.report.Percentiles;
import io.streamlearn.ops.report.ResultsWriter;
import io.streamlearn.streams.ads.AdsDomain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What an ads backtest writes: summary.json, policies.csv, log.csv, fit.csv, ope_bias.csv, three PNGs, report.html. */
final class AdsReport {

  private AdsReport() {}

  static void write(Path out, AdsBacktest.Result r, String command) throws IOException {
    double unit = r.settings().conversionsPerRewardUnit();
    double medianNrmse = Percentiles.median(r.fits().values().stream().map(FirFit::heldoutNrmse).toList());
    long rounds = r.logs().values().stream().mapToLong(l -> l.rounds().size()).sum();

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("recording", Map.of("file", r.input().file.toString(), "records", r.input().counts(),
        "campaigns", r.logs().size(), "logged_rounds", rounds));
    summary.put("parity", Map.of("recorded_decisions", r.parity().recorded(), "replayed_decisions", r.parity().replayed(),
        "identical", r.parity().identical(), "first_difference", String.valueOf(r.parity().firstDifference())));
    summary.put("dead_letters", r.live().deadLetters(AdsDomain.DEAD_LETTERS));
    Map<String, Object> fits = new LinkedHashMap<>();
    r.fits().forEach((c, f) -> fits.put(c, Map.of("heldout_nrmse", f.heldoutNrmse(), "lags", f.model().lags())));
    summary.put("fits", fits);
    Map<String, Object> policies = new LinkedHashMap<>();
    List<List<String>> rows = new ArrayList<>();
    for (AdsBacktest.PolicyResult p : r.policies()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ope", p.ope().summary());
      m.put("model_based", p.modelBased().summary(unit));
      m.put("fit", Map.of("heldout_nrmse", medianNrmse));
      m.put("replay", Map.of("decisions", p.replay().topic(AdsDomain.DECISIONS).size(), "agreement_with_log", p.agreement(),
          "dead_letters", p.replay().deadLetters(AdsDomain.DEAD_LETTERS), "seconds", p.replay().seconds()));
      policies.put(p.policy(), m);
      rows.add(List.of(p.policy(), num(p.modelBased().reward() * unit, 1),
          num(p.modelBased().rewardLow() * unit, 1) + " – " + num(p.modelBased().rewardHigh() * unit, 1),
          num(p.modelBased().regret() * unit, 0), num(p.ope().ips(), 1), num(p.ope().snips(), 1),
          num(p.ope().ciLow(), 1) + " – " + num(p.ope().ciHigh(), 1), num(p.ope().dr(), 1), num(p.ope().ess(), 0),
          num(100 * p.agreement(), 1) + "%"));
    }
    summary.put("policies", policies);
    Map<String, Object> bias = new LinkedHashMap<>();
    List<List<String>> biasRows = new ArrayList<>();
    Map<String, List<double[]>> biasPoints = new LinkedHashMap<>();
    for (int i = 0; i < r.bias().size(); i++) {
      CarryOverBias b = r.bias().get(i);
      bias.put(b.target(), Map.of("true_value", b.trueValue() * unit, "ips", b.estimate().ips() * unit,
          "ips_bias", b.ipsBias() * unit, "relative_ips_bias", b.relativeIpsBias()));
      biasRows.add(List.of(b.target(), num(b.trueValue() * unit, 1), num(b.estimate().ips() * unit, 1),
          num(b.estimate().snips() * unit, 1), num(b.estimate().dr() * unit, 1), num(b.ipsBias() * unit, 1),
          num(100 * b.relativeIpsBias(), 0) + "%"));
      biasPoints.computeIfAbsent(b.target().startsWith("always ") ? "fixed allocations" : "policies", k -> new ArrayList<>())
          .add(new double[] {b.trueValue() * unit, b.estimate().ips() * unit});
    }
    summary.put("ips_bias_on_fitted_systems", bias);
    ResultsWriter.writeSummary(out, summary);

    List<String> header = List.of("policy", "model-based conversions/round", "95%", "model-based regret", "IPS", "SNIPS",
        "SNIPS 95%", "DR", "ESS", "replay agrees with log");
    ResultsWriter.writeCsv(out.resolve("policies.csv"), header, ReportHtml.csvColumns(rows));
    List<String> biasHeader = List.of("target", "true conversions/round", "IPS", "SNIPS", "DR", "IPS bias", "relative");
    ResultsWriter.writeCsv(out.resolve("ope_bias.csv"), biasHeader, ReportHtml.csvColumns(biasRows));
    writeLogAndFit(out, r);

    List<String> names = r.policies().stream().map(AdsBacktest.PolicyResult::policy).toList();
    Map<String, double[]> values = new LinkedHashMap<>();
    Map<String, double[]> errors = new LinkedHashMap<>();
    values.put("model-based", r.policies().stream().mapToDouble(p -> p.modelBased().reward() * unit).toArray());
    errors.put("model-based", r.policies().stream().mapToDouble(p -> (p.modelBased().rewardHigh() - p.modelBased().rewardLow()) / 2 * unit).toArray());
    values.put("SNIPS (per-round OPE)", r.policies().stream().mapToDouble(p -> p.ope().snips()).map(v -> Double.isNaN(v) ? 0 : v).toArray());
    errors.put("SNIPS (per-round OPE)", r.policies().stream().mapToDouble(p -> (p.ope().ciHigh() - p.ope().ciLow()) / 2).map(v -> Double.isNaN(v) ? 0 : v).toArray());
    Path policiesPng = out.resolve("policies.png");
    Charts.writePng(policiesPng, Charts.groupedBars("Conversions per round each policy would have earned on this traffic",
        "conversions per round", names, values, errors));
    Path biasPng = out.resolve("ips-bias.png");
    Charts.writePng(biasPng, Charts.scatterWithDiagonal("Per-round IPS against the truth of the fitted systems",
        "true conversions per round (fitted system)", "IPS estimate from a log on it", xy(biasPoints)));

    ReportHtml html = new ReportHtml("Backtest of " + r.input().file.getFileName());
    html.paragraph("Recording " + r.input().file + ": " + r.input().counts() + "; " + r.logs().size() + " campaigns, "
        + rounds + " logged rounds with their outcomes.");
    html.heading("Parity with the live run");
    html.paragraph(r.parity().recorded() == 0 ? "The recording holds no ads.decisions: parity not checked."
        : r.parity().identical() + " of " + r.parity().recorded() + " recorded decisions are byte-identical to those the"
            + " live configuration replays (" + r.parity().replayed() + " replayed)"
            + (r.parity().firstDifference() == null ? "." : "; first difference: " + r.parity().firstDifference() + "."));
    html.paragraph("Dead letters of the replay, by reason: " + r.live().deadLetters(AdsDomain.DEAD_LETTERS)
        + " (records that decode but fail validation are counted here, not dropped).");
    html.heading("What each policy would have earned");
    html.paragraph("Model-based: a finite impulse response of conversions to the last L rounds' allocations, fitted per"
        + " campaign by least squares (held-out one-step NRMSE, median over campaigns, " + num(medianNrmse, 3) + "); every"
        + " policy runs against it for the log's length in residual-bootstrap replicates, 95% interval of the mean"
        + " over campaigns. Per-round OPE: each policy replayed along the log as a learning target (it learns from the"
        + " rounds the log played its choice). \"Replay agrees with log\": share of rounds in which the policy, fed the"
        + " logged outcomes through the live path, chose the logged allocation.");
    html.figure(policiesPng, "Model-based and SNIPS estimates per policy, bars ± half the 95% interval");
    html.table(header, rows);
    html.heading("How biased per-round IPS is here");
    html.paragraph("On each campaign's fitted system, whose truth is known, the live logging policy writes a log as long"
        + " as the campaign's; each target's IPS from those logs is set against its true value there. Carry-over"
        + " makes a round's reward partly the logging policy's earlier doing, so per-round IPS drifts toward it.");
    html.figure(biasPng, "IPS against the true value on the fitted systems");
    html.table(biasHeader, biasRows);
    List<List<String>> fitRows = new ArrayList<>();
    r.fits().forEach((c, f) -> fitRows.add(List.of(c, Integer.toString(f.model().lags()), num(f.heldoutNrmse(), 3))));
    html.subheading("Fit per campaign");
    html.table(List.of("campaign", "FIR lags", "held-out NRMSE"), fitRows);
    html.figure(out.resolve("fit.png"), "Logged and one-step predicted conversions of the first campaign");
    html.write(out, command);
  }

  /** Points (x, y) per series as the x and y arrays a scatter takes. */
  static Map<String, double[][]> xy(Map<String, List<double[]>> points) {
    Map<String, double[][]> out = new LinkedHashMap<>();
    points.forEach((k, v) -> out.put(k, new double[][] {v.stream().mapToDouble(p -> p[0]).toArray(),
        v.stream().mapToDouble(p -> p[1]).toArray()}));
    return out;
  }

  private static void writeLogAndFit(Path out, AdsBacktest.Result r) throws IOException {
    List<Object> campaign = new ArrayList<>();
    List<Object> round = new ArrayList<>();
    List<Object> arm = new ArrayList<>();
    List<Object> propensity = new ArrayList<>();
    List<Object> conversions = new ArrayList<>();
    List<Object> predicted = new ArrayList<>();
    double unit = r.settings().conversionsPerRewardUnit();
    double[] firstRounds = null;
    double[][] firstSeries = null;
    for (AdsFeedback.CampaignLog log : r.logs().values()) {
      double[][] u = log.allocationUnits(r.settings().budgetUnit());
      FirFit fit = r.fits().get(log.campaign());
      double[] x = new double[u.length];
      double[][] series = new double[2][u.length];
      for (int t = 0; t < u.length; t++) {
        AdsFeedback.Round rd = log.rounds().get(t);
        campaign.add(log.campaign());
        round.add(rd.round());
        arm.add(rd.arm());
        propensity.add(rd.propensity());
        conversions.add(rd.conversions());
        double p = fit.model().predict(u, t) * unit;
        predicted.add(p);
        x[t] = rd.round();
        series[0][t] = rd.conversions();
        series[1][t] = p;
      }
      if (firstSeries == null) {
        firstRounds = x;
        firstSeries = series;
      }
    }
    ResultsWriter.writeCsv(out.resolve("log.csv"), List.of("campaign", "round", "arm", "propensity", "conversions",
        "predicted"), List.of(campaign, round, arm, propensity, conversions, predicted));
    Map<String, double[]> lines = new LinkedHashMap<>();
    lines.put("logged conversions", firstSeries[0]);
    lines.put("one-step prediction of the fit", firstSeries[1]);
    Charts.writePng(out.resolve("fit.png"), Charts.lineChartWithBands("First campaign: logged conversions and the fitted"
        + " FIR's one-step prediction", "round", "conversions", firstRounds, lines, null));
  }
}
