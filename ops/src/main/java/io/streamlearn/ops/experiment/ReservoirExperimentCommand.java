package io.streamlearn.ops.experiment;

import io.streamlearn.models.eeg.tasks.Metrics;
import io.streamlearn.models.eeg.tasks.ReservoirBenchmark;
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

/**
 * Adaptive E/I reservoir benchmark (Srinivasan, Plenz, Girvan, arXiv 2504.12480): memory capacity,
 * Mackey-Glass or NARMA-10 for the methods adaptive, adaptive-heterogeneous, global-best and esn over
 * --seeds networks; writes results.csv, sweep.csv, summary.json, methods.png and sweep.png into --out.
 */
@Command(name = "reservoir", mixinStandardHelpOptions = true,
    description = "Adaptive E/I reservoir benchmark: memory capacity, Mackey-Glass or NARMA-10.")
public final class ReservoirExperimentCommand implements Callable<Integer> {

  @Option(names = "--task", required = true, paramLabel = "mc|mackey-glass|narma10", description = "Task.")
  String task;

  @Option(names = "--seeds", defaultValue = "10", description = "Random networks per method (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(names = "--n", defaultValue = "500", description = "Reservoir size N (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(names = "--seed", defaultValue = "1", description = "First seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--target-rate", description = "Mean target rate of the adaptive methods (default: 0.2).")
  Double targetRate;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (seeds < 1 || n < 10) {
      throw new UserError("--seeds must be >= 1 and --n >= 10");
    }
    ReservoirBenchmark.Task t;
    try {
      t = ReservoirBenchmark.Task.parse(task);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    ReservoirBenchmark.Settings settings = ReservoirBenchmark.Settings.defaults(t, n);
    if (targetRate != null) {
      settings = settings.withTargets(targetRate, settings.heterogeneousSpread());
    }
    ReservoirBenchmark bench = new ReservoirBenchmark(settings);
    List<ReservoirBenchmark.SeedResult> results = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < seeds; i++) {
      long s0 = System.nanoTime();
      ReservoirBenchmark.SeedResult r = bench.runSeed(seed + i);
      results.add(r);
      System.out.printf(Locale.ROOT, "seed %d: %s  (global g=%.2f, esn rho=%.2f, %.1f s)%n", seed + i, format(r.test()),
          r.bestGain(), r.bestRho(), (System.nanoTime() - s0) / 1e9);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    String metric = t.metric;

    Map<String, Object> summary = new LinkedHashMap<>();
    List<String> csvMethod = new ArrayList<>();
    List<Long> csvSeed = new ArrayList<>();
    List<Double> csvValue = new ArrayList<>();
    List<Double> means = new ArrayList<>();
    System.out.printf(Locale.ROOT, "%n%s, N = %d, %d seeds (%.0f s)%n%-24s %s%n", t.name().toLowerCase(Locale.ROOT), n,
        seeds, seconds, "method", metric + " mean ± std");
    for (String m : ReservoirBenchmark.METHODS) {
      double[] v = new double[results.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = results.get(i).test().get(m);
        csvMethod.add(m);
        csvSeed.add(results.get(i).seed());
        csvValue.add(v[i]);
      }
      double mean = Metrics.mean(v);
      double std = Metrics.std(v);
      means.add(mean);
      summary.put(m, Map.of(metric, Map.of("mean", mean, "std", std)));
      System.out.printf(Locale.ROOT, "%-24s %.4f ± %.4f%n", m, mean, std);
    }
    double[] gains = settings.gainGrid();
    double[] sweepMean = new double[gains.length];
    double[] sweepStd = new double[gains.length];
    List<Map<String, Object>> sweep = new ArrayList<>();
    for (int g = 0; g < gains.length; g++) {
      double[] v = new double[results.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = results.get(i).sweepTest()[g];
      }
      sweepMean[g] = Metrics.mean(v);
      sweepStd[g] = Metrics.std(v);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("g", gains[g]);
      row.put("inhibition_to_excitation", gains[g] * settings.base().inhibitoryStrength() / settings.base().excitatoryStrength());
      row.put(metric, Map.of("mean", sweepMean[g], "std", sweepStd[g]));
      sweep.add(row);
    }
    summary.put("sweep", sweep);
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("task", t.name().toLowerCase(Locale.ROOT));
    meta.put("n", n);
    meta.put("seeds", seeds);
    meta.put("first_seed", seed);
    meta.put("target_rate", settings.targetRate());
    meta.put("heterogeneous_spread", settings.heterogeneousSpread());
    meta.put("splits", Map.of("warmup", settings.warmup(), "washout", settings.washout(), "train", settings.train(),
        "validation", settings.validation(), "test", settings.test()));
    meta.put("max_delay", settings.maxDelay());
    meta.put("seconds", seconds);
    summary.put("meta", meta);
    ResultsWriter.writeSummary(out, summary);
    ResultsWriter.writeCsv(out.resolve("results.csv"), List.of("method", "seed", metric), List.of(csvMethod, csvSeed, csvValue));
    Map<String, double[]> sweepCsv = new LinkedHashMap<>();
    sweepCsv.put("g", gains);
    sweepCsv.put(metric + "_mean", sweepMean);
    sweepCsv.put(metric + "_std", sweepStd);
    ResultsWriter.writeCsv(out.resolve("sweep.csv"), sweepCsv);
    ResultsWriter.writeBarChart(out.resolve("methods.png"), t.name() + " (N = " + n + ", " + seeds + " seeds)", metric,
        ReservoirBenchmark.METHODS, means);
    ResultsWriter.writePng(out.resolve("sweep.png"), ResultsWriter.lineChartWithBands(
        "Global inhibitory gain sweep (" + t.name() + ", N = " + n + ")", "global gain g (I/E ratio at equal rates)", metric,
        gains, Map.of("global g", sweepMean), Map.of("global g", sweepStd)));
    System.out.println("wrote " + out.toAbsolutePath());
    return 0;
  }

  private static String format(Map<String, Double> m) {
    StringBuilder sb = new StringBuilder();
    m.forEach((k, v) -> sb.append(k).append('=').append(String.format(Locale.ROOT, "%.4f", v)).append("  "));
    return sb.toString().trim();
  }
}
