package io.streamlearn.lab.backtest;

import static io.streamlearn.lab.report.ReportHtml.num;

import io.streamlearn.lab.ope.FeedbackLog;
import io.streamlearn.lab.ope.ObpCsv;
import io.streamlearn.lab.ope.OffPolicyEstimators;
import io.streamlearn.lab.ope.TargetProbabilities;
import io.streamlearn.lab.report.Charts;
import io.streamlearn.lab.report.ReportHtml;
import io.streamlearn.ops.report.ResultsWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code backtest --ope}: a target table's value estimated from a logged-feedback CSV (OBP's convention). */
final class OpeBacktest {

  private OpeBacktest() {}

  static OffPolicyEstimators.Estimate run(Path log, Path targetProbabilities, int resamples, long seed, Path out,
      String command) throws IOException {
    FeedbackLog feedback = ObpCsv.read(log);
    TargetProbabilities target = TargetProbabilities.read(targetProbabilities);
    OffPolicyEstimators.Estimate e = OffPolicyEstimators.estimate(feedback, OffPolicyEstimators.of(target), resamples, seed);
    String name = targetProbabilities.getFileName().toString();
    double logged = feedback.rows().stream().mapToDouble(FeedbackLog.Row::reward).average().orElse(Double.NaN);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("log", Map.of("file", log.toString(), "rows", feedback.rows().size(), "mean_logged_reward", logged,
        "context_columns", feedback.contextColumns()));
    summary.put("policies", Map.of(name, Map.of("ope", e.summary(), "intervals", Map.of("ips", List.of(e.ipsLow(), e.ipsHigh()),
        "snips", List.of(e.ciLow(), e.ciHigh()), "dr", List.of(e.drLow(), e.drHigh())))));
    ResultsWriter.writeSummary(out, summary);
    List<String> header = List.of("estimator", "estimate", "95% low", "95% high");
    List<List<String>> rows = List.of(List.of("IPS", num(e.ips(), 5), num(e.ipsLow(), 5), num(e.ipsHigh(), 5)),
        List.of("SNIPS", num(e.snips(), 5), num(e.ciLow(), 5), num(e.ciHigh(), 5)),
        List.of("DR", num(e.dr(), 5), num(e.drLow(), 5), num(e.drHigh(), 5)),
        List.of("logged policy (mean reward)", num(logged, 5), "", ""));
    ResultsWriter.writeCsv(out.resolve("ope.csv"), header, ReportHtml.csvColumns(rows));
    Path png = out.resolve("ope.png");
    Charts.writePng(png, Charts.groupedBars("Value per round of " + name + " estimated from " + log.getFileName(),
        "reward per round", List.of("IPS", "SNIPS", "DR", "logged"),
        Map.of("estimate", new double[] {e.ips(), e.snips(), e.dr(), logged}),
        Map.of("estimate", new double[] {(e.ipsHigh() - e.ipsLow()) / 2, (e.ciHigh() - e.ciLow()) / 2,
            (e.drHigh() - e.drLow()) / 2, 0})));
    new ReportHtml("Off-policy evaluation of " + name)
        .paragraph(feedback.rows().size() + " logged rows of " + log + " (columns timestamp, item_id/action, position,"
            + " click/reward, propensity_score; context " + feedback.contextColumns() + "). Target: " + targetProbabilities
            + ", the same action probabilities in every round.")
        .paragraph("Effective sample size " + num(e.ess(), 1) + " of " + feedback.rows().size() + " rows. Intervals: 2.5% and"
            + " 97.5% of " + resamples + " bootstrap resamples of the rows. These estimators assume a round's reward"
            + " depends only on that round's action; with carry-over (ads spend that converts later) they are biased,"
            + " as experiment counterfactual and the ads backtest measure.")
        .figure(png, "Estimates ± half their 95% interval")
        .table(header, rows)
        .write(out, command);
    return e;
  }
}
