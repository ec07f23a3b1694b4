package io.streamlearn.lab.eeg;

import io.streamlearn.lab.report.Charts;
import io.streamlearn.ops.cli.Progress;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.ops.report.ResultsWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * --seeds networks, and the E/I balance sweep of the globally tuned network (its test metric against
 * the measured ratio of inhibitory to excitatory recurrent input); writes results.csv, sweep.csv,
 * summary.json, methods.png and sweep.png into --out.
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

  @Option(names = "--bias-spread", description = "σ_b of the neurons' biases b_i = b + σ_b·z_i (default: 2).")
  Double biasSpread;

  @Option(names = "--horizon", description = "Mackey-Glass: samples ahead to predict (default: 20).")
  Integer horizon;

  @Option(names = "--protocol", defaultValue = "current", paramLabel = "current|reconstruction",
      description = "current: this project's E/I network and its local gain rule; reconstruction: the third-party"
          + " reconstruction's regime (per-synapse / per-neuron adaptation, one-step design, three target"
          + " distributions, global-best per input scaling) (default: ${DEFAULT-VALUE}).")
  String protocol;

  @Option(names = "--scalings", split = ",", defaultValue = "0.5,1,2,4", paramLabel = "S",
      description = "reconstruction: input link scalings s, input weights uniform in ±s/2 (default: ${DEFAULT-VALUE}).")
  double[] scalings;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  /** One method over the seeds: its test metric per seed, their mean and std, and the mean measured I/E input. */
  private record MethodRow(String method, double[] values, double mean, double std, boolean balanceMeasured,
      double balance) {}

  /** One gain g of the global sweep, over the seeds. */
  private record SweepRow(double g, double balance, double mean, double std) {}

  @Override
  public Integer call() throws Exception {
    if (seeds < 1 || n < 10) {
      throw new UserError("--seeds must be >= 1 and --n >= 10");
    }
    ReservoirProtocol.Task t;
    try {
      t = ReservoirProtocol.Task.parse(task);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    ReservoirProtocol.Settings settings = settings(t);
    if (protocol.equals("reconstruction")) {
      for (double sc : scalings) {
        if (!(sc > 0)) {
          throw new UserError("--scalings must all be above 0");
        }
      }
      ReconstructionStudy.run(settings, scalings, seeds, seed, out);
      return 0;
    }
    if (!protocol.equals("current")) {
      throw new UserError("--protocol must be current or reconstruction, not " + protocol);
    }
    long t0 = System.nanoTime();
    List<ReservoirProtocol.SeedResult> results = runSeeds(new ReservoirProtocol(settings));
    double seconds = (System.nanoTime() - t0) / 1e9;

    List<MethodRow> methods = methodRows(results);
    printMethods(t, seconds, methods);
    Map<String, Double> versusGlobal = versusGlobal(t, methods);
    List<SweepRow> sweep = sweepRows(settings.gainGrid(), results);
    printSweep(t, sweep);
    write(t, settings, results, methods, versusGlobal, sweep, seconds);
    System.out.println("wrote " + out.toAbsolutePath());
    return 0;
  }

  /** The task's defaults with the flags given. */
  private ReservoirProtocol.Settings settings(ReservoirProtocol.Task t) {
    ReservoirProtocol.Settings settings = ReservoirProtocol.Settings.defaults(t, n);
    if (targetRate != null) {
      if (!(targetRate > 0 && targetRate < 1)) {
        throw new UserError("--target-rate must lie in (0, 1)");
      }
      settings = settings.withTargets(targetRate, settings.heterogeneousSpread());
    }
    if (horizon != null) {
      if (horizon < 1) {
        throw new UserError("--horizon must be at least 1");
      }
      settings = settings.withHorizon(horizon);
    }
    if (biasSpread != null) {
      if (biasSpread < 0) {
        throw new UserError("--bias-spread must be at least 0");
      }
      settings = settings.withBase(settings.base().withBias(settings.base().bias(), biasSpread));
    }
    return settings;
  }

  private List<ReservoirProtocol.SeedResult> runSeeds(ReservoirProtocol bench) {
    List<ReservoirProtocol.SeedResult> results = new ArrayList<>();
    try (Progress progress = Progress.start("reservoir", seeds, "seeds")) {
      for (int i = 0; i < seeds; i++) {
        long s0 = System.nanoTime();
        ReservoirProtocol.SeedResult r = bench.runSeed(seed + i);
        results.add(r);
        progress.step(1);
        System.out.printf(Locale.ROOT, "seed %d: %s  (global g=%.2f, esn rho=%.2f, %.1f s)%n", seed + i, format(r.test()),
            r.bestGain(), r.bestRho(), (System.nanoTime() - s0) / 1e9);
      }
    }
    return results;
  }

  private static List<MethodRow> methodRows(List<ReservoirProtocol.SeedResult> results) {
    List<MethodRow> rows = new ArrayList<>();
    for (String m : ReservoirProtocol.METHODS) {
      double[] v = new double[results.size()];
      double[] balance = new double[results.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = results.get(i).test().get(m);
        balance[i] = results.get(i).balance().getOrDefault(m, Double.NaN);
      }
      rows.add(new MethodRow(m, v, Metrics.mean(v), Metrics.std(v), !Double.isNaN(balance[0]), Metrics.mean(balance)));
    }
    return rows;
  }

  private void printMethods(ReservoirProtocol.Task t, double seconds, List<MethodRow> methods) {
    System.out.printf(Locale.ROOT, "%n%s, N = %d, %d seeds (%.0f s)%n%-24s %-18s %s%n", t.name().toLowerCase(Locale.ROOT),
        n, seeds, seconds, "method", t.metric + " mean ± std", "measured I/E input");
    for (MethodRow m : methods) {
      System.out.printf(Locale.ROOT, "%-24s %.4f ± %.4f   %s%n", m.method(), m.mean(), m.std(),
          m.balanceMeasured() ? String.format(Locale.ROOT, "%.2f", m.balance()) : "");
    }
  }

  /** Positive = better than the globally tuned network, for either metric. */
  private static Map<String, Double> versusGlobal(ReservoirProtocol.Task t, List<MethodRow> methods) {
    Map<String, Double> versusGlobal = new LinkedHashMap<>();
    for (String m : List.of("adaptive", "adaptive-heterogeneous")) {
      double a = mean(methods, m);
      double g = mean(methods, "global-best");
      versusGlobal.put(m, t.lowerIsBetter ? g / a - 1 : a / g - 1);
      System.out.printf(Locale.ROOT, "%s vs global-best: %+.0f%%%n", m, 100 * versusGlobal.get(m));
    }
    return versusGlobal;
  }

  private static double mean(List<MethodRow> methods, String method) {
    return methods.stream().filter(r -> r.method().equals(method)).findFirst().orElseThrow().mean();
  }

  private static List<SweepRow> sweepRows(double[] gains, List<ReservoirProtocol.SeedResult> results) {
    List<SweepRow> rows = new ArrayList<>();
    for (int g = 0; g < gains.length; g++) {
      double[] v = new double[results.size()];
      double[] balance = new double[results.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = results.get(i).sweepTest()[g];
        balance[i] = results.get(i).sweepBalance()[g];
      }
      rows.add(new SweepRow(gains[g], Metrics.mean(balance), Metrics.mean(v), Metrics.std(v)));
    }
    return rows;
  }

  private static void printSweep(ReservoirProtocol.Task t, List<SweepRow> sweep) {
    System.out.printf(Locale.ROOT, "%nglobal gain sweep%n%6s %18s %s%n", "g", "measured I/E input", t.metric + " mean ± std");
    for (SweepRow r : sweep) {
      System.out.printf(Locale.ROOT, "%6.2f %18.2f %.4f ± %.4f%n", r.g(), r.balance(), r.mean(), r.std());
    }
  }

  /** summary.json, results.csv, sweep.csv, methods.png and sweep.png. */
  private void write(ReservoirProtocol.Task t, ReservoirProtocol.Settings settings,
      List<ReservoirProtocol.SeedResult> results, List<MethodRow> methods, Map<String, Double> versusGlobal,
      List<SweepRow> sweep, double seconds) throws Exception {
    String metric = t.metric;
    Map<String, Object> summary = new LinkedHashMap<>();
    List<String> csvMethod = new ArrayList<>();
    List<Long> csvSeed = new ArrayList<>();
    List<Double> csvValue = new ArrayList<>();
    for (MethodRow m : methods) {
      for (int i = 0; i < m.values().length; i++) {
        csvMethod.add(m.method());
        csvSeed.add(results.get(i).seed());
        csvValue.add(m.values()[i]);
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put(metric, Map.of("mean", m.mean(), "std", m.std()));
      if (m.balanceMeasured()) {
        entry.put("inhibition_to_excitation", m.balance());
      }
      summary.put(m.method(), entry);
    }
    summary.put("improvement_over_global_best", versusGlobal);
    List<Map<String, Object>> sweepJson = new ArrayList<>();
    for (SweepRow r : sweep) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("g", r.g());
      row.put("inhibition_to_excitation", r.balance());
      row.put(metric, Map.of("mean", r.mean(), "std", r.std()));
      sweepJson.add(row);
    }
    summary.put("sweep", sweepJson);
    summary.put("meta", meta(t, settings, seconds));
    ResultsWriter.writeSummary(out, summary);
    ResultsWriter.writeCsv(out.resolve("results.csv"), List.of("method", "seed", metric), List.of(csvMethod, csvSeed, csvValue));
    double[] gains = sweep.stream().mapToDouble(SweepRow::g).toArray();
    double[] sweepBalance = sweep.stream().mapToDouble(SweepRow::balance).toArray();
    double[] sweepMean = sweep.stream().mapToDouble(SweepRow::mean).toArray();
    double[] sweepStd = sweep.stream().mapToDouble(SweepRow::std).toArray();
    Map<String, double[]> sweepCsv = new LinkedHashMap<>();
    sweepCsv.put("g", gains);
    sweepCsv.put("inhibition_to_excitation", sweepBalance);
    sweepCsv.put(metric + "_mean", sweepMean);
    sweepCsv.put(metric + "_std", sweepStd);
    ResultsWriter.writeCsv(out.resolve("sweep.csv"), sweepCsv);
    Charts.writeBarChart(out.resolve("methods.png"), t.name() + " (N = " + n + ", " + seeds + " seeds)", metric,
        ReservoirProtocol.METHODS, methods.stream().map(MethodRow::mean).toList());
    Map<String, double[]> lines = new LinkedHashMap<>();
    lines.put("one global gain g (± std over seeds)", sweepMean);
    for (String m : List.of("adaptive", "adaptive-heterogeneous")) {
      double[] flat = new double[gains.length];
      Arrays.fill(flat, mean(methods, m));
      lines.put(m + " (its own balance)", flat);
    }
    Charts.writePng(out.resolve("sweep.png"), Charts.lineChartWithBands(
        "E/I balance sweep (" + t.name() + ", N = " + n + ", " + seeds + " seeds)",
        "inhibitory / excitatory recurrent input, measured (1 = balanced)", metric, sweepBalance, lines,
        Map.of("one global gain g (± std over seeds)", sweepStd)));
  }

  private Map<String, Object> meta(ReservoirProtocol.Task t, ReservoirProtocol.Settings settings, double seconds) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("task", t.name().toLowerCase(Locale.ROOT));
    meta.put("n", n);
    meta.put("seeds", seeds);
    meta.put("first_seed", seed);
    meta.put("target_rate", settings.targetRate());
    meta.put("heterogeneous_spread", settings.heterogeneousSpread());
    meta.put("bias_spread", settings.base().biasSpread());
    meta.put("splits", Map.of("warmup", settings.warmup(), "washout", settings.washout(), "train", settings.train(),
        "validation", settings.validation(), "test", settings.test()));
    meta.put("max_delay", settings.maxDelay());
    meta.put("horizon", settings.horizon());
    meta.put("improvement", t.lowerIsBetter ? "global-best nrmse / method nrmse - 1" : "method mc / global-best mc - 1");
    meta.put("seconds", seconds);
    return meta;
  }

  private static String format(Map<String, Double> m) {
    StringBuilder sb = new StringBuilder();
    m.forEach((k, v) -> sb.append(k).append('=').append(String.format(Locale.ROOT, "%.4f", v)).append("  "));
    return sb.toString().trim();
  }
}
