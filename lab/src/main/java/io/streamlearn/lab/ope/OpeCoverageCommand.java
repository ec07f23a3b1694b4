package io.streamlearn.lab.ope;

import io.streamlearn.ops.cli.Progress;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.ops.report.ResultsWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The full check of the OPE intervals: how often they cover a known value over many seeded logs. */
@Command(name = "ope-coverage", mixinStandardHelpOptions = true,
    description = "IPS, SNIPS and DR on seeded synthetic logs with a known target value: how often each 95% bootstrap"
        + " interval covers it (goal: at least 90 of 100 for SNIPS); summary.json and coverage.csv.")
public final class OpeCoverageCommand implements Callable<Integer> {

  @Option(names = "--seeds", defaultValue = "100", description = "Logs (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(names = "--rows", defaultValue = "5000", description = "Rows per log (default: ${DEFAULT-VALUE}).")
  int rows;

  @Option(names = "--resamples", defaultValue = "1000", description = "Bootstrap resamples (default: ${DEFAULT-VALUE}).")
  int resamples;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (seeds < 1 || rows < 10 || resamples < 10) {
      throw new UserError("--seeds must be at least 1, --rows and --resamples at least 10");
    }
    SyntheticLogs problem = SyntheticLogs.DEFAULT;
    double truth = problem.trueValue();
    Map<String, List<Object>> columns = new LinkedHashMap<>();
    for (String c : List.of("seed", "ips", "ips_low", "ips_high", "snips", "ci_low", "ci_high", "dr", "dr_low", "dr_high",
        "ess")) {
      columns.put(c, new ArrayList<>());
    }
    int[] covered = new int[3];
    double[] sums = new double[4];
    try (Progress progress = Progress.start("ope-coverage", seeds, "logs")) {
      for (int s = 1; s <= seeds; s++) {
        OffPolicyEstimators.Estimate e = OffPolicyEstimators.estimate(problem.log(rows, s),
            OffPolicyEstimators.of(problem.targetTable()), resamples, 1000L + s);
        covered[0] += e.ipsLow() <= truth && truth <= e.ipsHigh() ? 1 : 0;
        covered[1] += e.ciLow() <= truth && truth <= e.ciHigh() ? 1 : 0;
        covered[2] += e.drLow() <= truth && truth <= e.drHigh() ? 1 : 0;
        sums[0] += e.ips();
        sums[1] += e.snips();
        sums[2] += e.dr();
        sums[3] += e.ess();
        Object[] row = {s, e.ips(), e.ipsLow(), e.ipsHigh(), e.snips(), e.ciLow(), e.ciHigh(), e.dr(), e.drLow(), e.drHigh(),
            e.ess()};
        int i = 0;
        for (List<Object> c : columns.values()) {
          c.add(row[i++]);
        }
        progress.stepTo(s);
      }
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("true_value", truth);
    summary.put("seeds", seeds);
    summary.put("rows", rows);
    summary.put("resamples", resamples);
    summary.put("covered", Map.of("ips", covered[0], "snips", covered[1], "dr", covered[2]));
    summary.put("mean", Map.of("ips", sums[0] / seeds, "snips", sums[1] / seeds, "dr", sums[2] / seeds));
    summary.put("mean_ess", sums[3] / seeds);
    ResultsWriter.writeSummary(out, summary);
    ResultsWriter.writeCsv(out.resolve("coverage.csv"), new ArrayList<>(columns.keySet()), new ArrayList<>(columns.values()));
    System.out.printf(Locale.ROOT, "true value %.4f; 95%% intervals covering it in %d logs of %d rows: IPS %d, SNIPS %d,"
        + " DR %d; mean estimates IPS %.4f, SNIPS %.4f, DR %.4f; mean ESS %.0f%n", truth, seeds, rows, covered[0],
        covered[1], covered[2], sums[0] / seeds, sums[1] / seeds, sums[2] / seeds, sums[3] / seeds);
    System.out.println("wrote " + out.resolve("summary.json") + ", " + out.resolve("coverage.csv"));
    return 0;
  }
}
