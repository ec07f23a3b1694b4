package io.streamlearn.lab.eeg;

import io.streamlearn.lab.report.Charts;
import io.streamlearn.ops.cli.Progress;
import io.streamlearn.ops.report.ResultsWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code experiment reservoir --protocol reconstruction}: {@link ReconstructionProtocol} for every
 * seed at every input link scaling, then per scaling the test metric of each method (mean ± std over
 * the seeds) and its gain over {@code global-best} at that scaling (positive = better, for either
 * metric); results.csv, summary.json (with the largest gain found: method and scaling) and
 * scalings.png.
 */
final class ReconstructionStudy {
  private ReconstructionStudy() {}

  static void run(ReservoirProtocol.Settings settings, double[] scalings, int seeds, long firstSeed, Path out)
      throws Exception {
    ReservoirProtocol.Task task = settings.task();
    List<String> methods = ReconstructionProtocol.METHODS;
    double[][][] values = new double[scalings.length][methods.size()][seeds];
    Map<String, Object> perScaling = new LinkedHashMap<>();
    List<Object> csvScaling = new ArrayList<>();
    List<Object> csvMethod = new ArrayList<>();
    List<Object> csvSeed = new ArrayList<>();
    List<Object> csvValue = new ArrayList<>();
    String bestMethod = null;
    double bestScaling = Double.NaN;
    double bestGain = Double.NEGATIVE_INFINITY;
    long t0 = System.nanoTime();
    try (Progress progress = Progress.start("reservoir " + task.name().toLowerCase(Locale.ROOT), (long) scalings.length
        * seeds, "networks")) {
      for (int si = 0; si < scalings.length; si++) {
        ReconstructionProtocol protocol = new ReconstructionProtocol(settings, scalings[si]);
        List<Double> gains = new ArrayList<>();
        List<Double> rhos = new ArrayList<>();
        Map<String, List<Integer>> unreachable = new LinkedHashMap<>();
        for (int k = 0; k < seeds; k++) {
          ReconstructionProtocol.SeedResult r = protocol.runSeed(firstSeed + k);
          for (int mi = 0; mi < methods.size(); mi++) {
            values[si][mi][k] = r.test().get(methods.get(mi));
            csvScaling.add(scalings[si]);
            csvMethod.add(methods.get(mi));
            csvSeed.add(r.seed());
            csvValue.add(values[si][mi][k]);
          }
          gains.add(r.bestGain());
          rhos.add(r.bestRho());
          r.unreachable().forEach((t, n) -> unreachable.computeIfAbsent(t, x -> new ArrayList<>()).add(n));
          progress.step(1);
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        Map<String, Double> gainOverGlobal = new LinkedHashMap<>();
        double global = Metrics.mean(values[si][methods.indexOf("global-best")]);
        System.out.printf(Locale.ROOT, "%n%s, s = %s, N = %d, %d seeds%n%-24s %-20s %s%n", task, scalings[si],
            settings.n(), seeds, "method", task.metric + " mean ± std", "over global-best");
        for (int mi = 0; mi < methods.size(); mi++) {
          String m = methods.get(mi);
          double mean = Metrics.mean(values[si][mi]);
          double gain = task.lowerIsBetter ? global / mean - 1 : mean / global - 1;
          entry.put(m, Map.of(task.metric, Map.of("mean", mean, "std", Metrics.std(values[si][mi]))));
          if (!m.equals("global-best")) {
            gainOverGlobal.put(m, gain);
            if (!m.equals("esn") && gain > bestGain) {
              bestGain = gain;
              bestMethod = m;
              bestScaling = scalings[si];
            }
          }
          System.out.printf(Locale.ROOT, "%-24s %.4f ± %.4f    %+.0f%%%n", m, mean, Metrics.std(values[si][mi]),
              100 * gain);
        }
        entry.put("gain_over_global_best", gainOverGlobal);
        entry.put("global_gain_chosen", gains);
        entry.put("esn_radius_chosen", rhos);
        entry.put("one_step_unreachable_neurons", unreachable);
        perScaling.put(String.valueOf(scalings[si]), entry);
      }
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("protocol", "reconstruction");
    summary.put("by_scaling", perScaling);
    summary.put("largest_gain_over_global_best", Map.of("method", bestMethod, "scaling", bestScaling, "gain", bestGain));
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("task", task.name().toLowerCase(Locale.ROOT));
    meta.put("n", settings.n());
    meta.put("seeds", seeds);
    meta.put("first_seed", firstSeed);
    meta.put("splits", Map.of("warmup", settings.warmup(), "washout", settings.washout(), "train", settings.train(),
        "validation", settings.validation(), "test", settings.test()));
    meta.put("horizon", settings.horizon());
    meta.put("global_gains", ReconstructionProtocol.GAINS);
    meta.put("gain", task.lowerIsBetter ? "global-best nrmse / method nrmse - 1" : "method mc / global-best mc - 1");
    meta.put("seconds", (System.nanoTime() - t0) / 1e9);
    summary.put("meta", meta);
    ResultsWriter.writeSummary(out, summary);
    ResultsWriter.writeCsv(out.resolve("results.csv"), List.of("scaling", "method", "seed", task.metric),
        List.of(csvScaling, csvMethod, csvSeed, csvValue));
    Map<String, double[]> lines = new LinkedHashMap<>();
    for (int mi = 0; mi < methods.size(); mi++) {
      double[] y = new double[scalings.length];
      for (int si = 0; si < scalings.length; si++) {
        y[si] = Metrics.mean(values[si][mi]);
      }
      lines.put(methods.get(mi), y);
    }
    Charts.writePng(out.resolve("scalings.png"), Charts.lineChartWithBands(task + " against input link scaling (N = "
        + settings.n() + ", " + seeds + " seeds)", "input link scaling s", task.metric, scalings, lines, null));
    System.out.printf(Locale.ROOT, "%nlargest gain over global-best: %s at s = %s, %+.0f%%%nwrote %s%n", bestMethod,
        bestScaling, 100 * bestGain, out.toAbsolutePath());
  }
}
