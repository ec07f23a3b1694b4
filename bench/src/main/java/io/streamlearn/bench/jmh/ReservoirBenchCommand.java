package io.streamlearn.bench.jmh;

import io.streamlearn.lab.report.Charts;
import static io.streamlearn.bench.jmh.JmhRun.json;
import static io.streamlearn.bench.jmh.JmhRun.num;
import static io.streamlearn.bench.jmh.JmhRun.withErr;

import io.streamlearn.models.eeg.EiReservoir;
import io.streamlearn.models.eeg.RlsReadout;
import io.streamlearn.bench.jmh.JmhRun.Measure;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.ops.report.ResultsWriter;
import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench reservoir}: JMH over {@link ReservoirBenchmark}, the EEG model's per-sample work at
 * N neurons (one E/I reservoir step; one RLS update with N features and 23 outputs), plain arrays
 * against the same math in ND4J; prints both times, their ratio and bytes allocated per op, the
 * samples per second one core sustains (reservoir step every sample + RLS update every 2nd, as live)
 * against the 256 Hz real-time budget, and with {@code --out} writes summary.json, reservoir.csv
 * and reservoir.png.
 */
@Command(name = "reservoir", mixinStandardHelpOptions = true,
    description = "JMH: EEG reservoir step and RLS update at N neurons, plain arrays vs ND4J, "
        + "ns/op, ratio, bytes allocated per op and the real-time budget at 256 Hz.")
public final class ReservoirBenchCommand implements Callable<Integer> {

  static final List<String> OPS = List.of("reservoir", "rls");

  static final List<String> VARIANTS = List.of("arrays", "nd4j");

  /** The live readout learns every this many samples (EegMonitor.Config.learnEvery). */
  static final int LEARN_EVERY = 2;

  @Option(names = "--sizes", split = ",", defaultValue = "100,500,1000",
      description = "Reservoir sizes N (RLS features = N) (default: ${DEFAULT-VALUE}).")
  List<Integer> sizes;

  @Option(names = "--ops", split = ",", defaultValue = "reservoir,rls",
      description = "What to time: reservoir (one step), rls (one update) (default: ${DEFAULT-VALUE}).")
  List<String> ops;

  @Option(names = "--variants", split = ",", defaultValue = "arrays,nd4j",
      description = "Which implementations to run: arrays (the models' classes), nd4j (same math in ND4J) "
          + "(default: ${DEFAULT-VALUE}).")
  List<String> variants;

  @Option(names = "--nd4j-threads", defaultValue = "1",
      description = "Threads of ND4J and its BLAS in the ND4J forks (default: ${DEFAULT-VALUE}, the per-core cost).")
  int nd4jThreads;

  @Mixin
  JmhRun run;

  @Option(names = "--check-steps", defaultValue = "200",
      description = "Before timing, run this many steps of both implementations on the same inputs and report "
          + "their largest difference (0 skips; default: ${DEFAULT-VALUE}).")
  int checkSteps;

  @Option(names = "--out", paramLabel = "DIR", description = "Write summary.json, reservoir.csv and reservoir.png here.")
  Path out;

  public ReservoirBenchCommand() {}

  /** One (N, op) cell; {@code maxDiff} is the agreement check's largest |arrays − ND4J| (NaN: not run). */
  record Row(int size, String op, Measure arrays, Measure nd4j, double maxDiff) {
    double ratio() {
      return nd4j.ns() / arrays.ns();
    }
  }

  @Override
  public Integer call() throws Exception {
    validate();
    Map<String, Double> checks = new LinkedHashMap<>();
    if (checkSteps > 0 && variants.contains("nd4j")) {
      JmhRun.useJavaCppFlags();
      System.out.printf("agreement check: %d steps per cell on the same inputs (reservoir: adapting for the "
          + "first half, then frozen; max over steps of |state_arrays - state_nd4j|; rls: max over steps of "
          + "|W_arrays x - W_nd4j x| and, at the end, |W_arrays - W_nd4j|)%n", checkSteps);
      for (int n : sizes) {
        for (String op : ops) {
          double d = op.equals("reservoir") ? reservoirDiff(n, checkSteps) : rlsDiff(n, checkSteps);
          checks.put(key(n, op), d);
          System.out.printf(Locale.ROOT, "  N=%-5d %-9s max |arrays - nd4j| %.1e%n", n, op, d);
        }
      }
    }

    List<String> methods = new ArrayList<>();
    for (String op : ops) {
      for (String v : variants) {
        methods.add(method(op, v));
      }
    }
    String include = Pattern.quote(ReservoirBenchmark.class.getName()) + "\\.(" + String.join("|", methods) + ")$";
    Collection<RunResult> results = new Runner(run.options(include)
        .param("size", JmhRun.strings(sizes))
        .param("nd4jThreads", String.valueOf(nd4jThreads))
        .build()).run();

    Map<String, Map<String, Measure>> measured = new LinkedHashMap<>();
    for (RunResult r : results) {
      BenchmarkParams bp = r.getParams();
      String bench = bp.getBenchmark();
      String name = bench.substring(bench.lastIndexOf('.') + 1);
      String op = name.startsWith("reservoir") ? "reservoir" : "rls";
      String variant = name.endsWith("Nd4j") ? "nd4j" : "arrays";
      measured.computeIfAbsent(key(Integer.parseInt(bp.getParam("size")), op), x -> new LinkedHashMap<>())
          .put(variant, Measure.of(r));
    }
    List<Row> rows = new ArrayList<>();
    for (int n : sizes) {
      for (String op : ops) {
        Map<String, Measure> m = measured.getOrDefault(key(n, op), Map.of());
        rows.add(new Row(n, op, m.getOrDefault("arrays", Measure.NONE), m.getOrDefault("nd4j", Measure.NONE),
            checks.getOrDefault(key(n, op), Double.NaN)));
      }
    }

    printTable(rows);
    List<Map<String, Object>> budget = budget(rows);
    printBudget(budget);
    if (out != null) {
      write(rows, budget);
      System.out.println("wrote " + out.resolve("summary.json") + ", reservoir.csv, reservoir.png");
    }
    return 0;
  }

  private void validate() {
    run.validate();
    if (checkSteps < 0 || nd4jThreads < 1) {
      throw new UserError("--check-steps must be >= 0 and --nd4j-threads >= 1");
    }
    for (int n : sizes) {
      if (n < 10 || n > 4000) {
        throw new UserError("--sizes must be between 10 and 4000: " + n);
      }
    }
    for (String op : ops) {
      if (!OPS.contains(op)) {
        throw new UserError("--ops takes reservoir and/or rls, not '" + op + "'");
      }
    }
    for (String v : variants) {
      if (!VARIANTS.contains(v)) {
        throw new UserError("--variants takes arrays and/or nd4j, not '" + v + "'");
      }
    }
  }

  /** The benchmark method of (op, variant): reservoirArrays, reservoirNd4j, rlsArrays, rlsNd4j. */
  static String method(String op, String variant) {
    return op + (variant.equals("nd4j") ? "Nd4j" : "Arrays");
  }

  private static String key(int n, String op) {
    return n + "/" + op;
  }

  /**
   * Steps the models' {@link EiReservoir} and {@link Nd4jEiStep} (built from an identical fresh
   * reservoir) on the same inputs, adapting for the first half of the steps and frozen after; returns
   * the largest |difference| of the states over all steps and of the final gains.
   */
  static double reservoirDiff(int n, int steps) {
    EiReservoir arrays = ReservoirBenchmark.reservoir(n);
    Nd4jEiStep nd4j = new Nd4jEiStep(ReservoirBenchmark.reservoir(n));
    double[][] in = ReservoirBenchmark.inputs(ReservoirBenchmark.SEED);
    double diff = 0;
    for (int t = 0; t < steps; t++) {
      if (t == steps / 2) {
        arrays.setAdapting(false);
        nd4j.setAdapting(false);
      }
      double[] u = in[t % in.length];
      arrays.step(u);
      nd4j.step(u);
      diff = Math.max(diff, maxAbsDiff(arrays.state(), nd4j.state()));
    }
    return Math.max(diff, maxAbsDiff(arrays.gains(), nd4j.gains()));
  }

  /**
   * Updates the models' {@link RlsReadout} and {@link Nd4jRlsStep} on the same (features, target)
   * pairs; returns the largest |prediction difference| on the next features over all steps and the
   * largest |weight difference| at the end.
   */
  static double rlsDiff(int n, int steps) {
    RlsReadout arrays = ReservoirBenchmark.rls(n);
    Nd4jRlsStep nd4j = ReservoirBenchmark.nd4jRls(n);
    double[][] x = ReservoirBenchmark.features(n, ReservoirBenchmark.SEED);
    double[][] y = ReservoirBenchmark.inputs(ReservoirBenchmark.SEED);
    double[] pred = new double[arrays.outputs()];
    double diff = 0;
    for (int t = 0; t < steps; t++) {
      arrays.update(x[t % x.length], y[t % y.length]);
      nd4j.update(x[t % x.length], y[t % y.length]);
      double[] next = x[(t + 1) % x.length];
      arrays.predict(next, pred);
      diff = Math.max(diff, maxAbsDiff(pred, nd4j.predict(next)));
    }
    for (int o = 0; o < arrays.outputs(); o++) {
      for (int i = 0; i < arrays.features(); i++) {
        diff = Math.max(diff, Math.abs(arrays.weight(o, i) - nd4j.weight(o, i)));
      }
    }
    return diff;
  }

  private static double maxAbsDiff(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      double d = Math.abs(a[i] - b[i]);
      m = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(m, d);
    }
    return m;
  }

  private static void printTable(List<Row> rows) {
    System.out.println();
    System.out.println("EEG model per sample, 23 channels: reservoir = one E/I reservoir step (live config, "
        + "gains frozen); rls = one RLS update with N features, 23 outputs. JMH average time ± 99.9% CI; "
        + "B/op = gc.alloc.rate.norm");
    System.out.printf("%6s %-9s %20s %22s %12s %11s %11s %10s%n", "N", "op", "arrays ns/op", "nd4j ns/op",
        "nd4j/arrays", "arrays B/op", "nd4j B/op", "max diff");
    for (Row r : rows) {
      System.out.printf(Locale.ROOT, "%6d %-9s %20s %22s %12s %11s %11s %10s%n", r.size(), r.op(),
          withErr(r.arrays()), withErr(r.nd4j()), ratio(r.ratio()), num(r.arrays().bytes(), "%.2f"),
          num(r.nd4j().bytes(), "%,.0f"), num(r.maxDiff(), "%.1e"));
    }
  }

  static String ratio(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    return String.format(Locale.ROOT, v >= 10 ? "%,.0fx" : "%.2fx", v);
  }

  /**
   * Per N and variant: ns per sample of a reservoir step plus an RLS update every
   * {@value #LEARN_EVERY}nd sample (and every sample), the samples per second one core sustains and
   * that as a multiple of real time at 256 Hz (one 23-channel sample every 3.9 ms).
   */
  static List<Map<String, Object>> budget(List<Row> rows) {
    List<Map<String, Object>> out = new ArrayList<>();
    Map<Integer, Map<String, Row>> byN = new LinkedHashMap<>();
    for (Row r : rows) {
      byN.computeIfAbsent(r.size(), x -> new LinkedHashMap<>()).put(r.op(), r);
    }
    for (Map.Entry<Integer, Map<String, Row>> e : byN.entrySet()) {
      Row res = e.getValue().get("reservoir");
      Row rls = e.getValue().get("rls");
      if (res == null || rls == null) {
        continue;
      }
      for (String v : VARIANTS) {
        double step = v.equals("arrays") ? res.arrays().ns() : res.nd4j().ns();
        double update = v.equals("arrays") ? rls.arrays().ns() : rls.nd4j().ns();
        if (Double.isNaN(step) || Double.isNaN(update)) {
          continue;
        }
        double perSample = step + update / LEARN_EVERY;
        double perSampleAll = step + update;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("size", e.getKey());
        m.put("variant", v);
        m.put("ns_per_sample", perSample);
        m.put("samples_per_s", 1e9 / perSample);
        m.put("x_real_time", 1e9 / perSample / ReservoirBenchmark.SAMPLE_RATE);
        m.put("ns_per_sample_learning_every_sample", perSampleAll);
        m.put("x_real_time_learning_every_sample", 1e9 / perSampleAll / ReservoirBenchmark.SAMPLE_RATE);
        out.add(m);
      }
    }
    return out;
  }

  private static void printBudget(List<Map<String, Object>> budget) {
    if (budget.isEmpty()) {
      return;
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "Real-time budget, one core: a 23-channel sample every %.2f ms at %.0f Hz; "
        + "per sample one reservoir step + one RLS update every %dnd sample (as live; live RLS has 124 "
        + "features, here N)%n", 1000 / ReservoirBenchmark.SAMPLE_RATE, ReservoirBenchmark.SAMPLE_RATE, LEARN_EVERY);
    System.out.printf("%6s %-7s %14s %14s %14s %22s%n", "N", "variant", "us/sample", "samples/s", "x real time",
        "x real time (RLS/1)");
    for (Map<String, Object> m : budget) {
      System.out.printf(Locale.ROOT, "%6d %-7s %14.1f %,14.0f %,14.1f %,22.1f%n", m.get("size"), m.get("variant"),
          (double) m.get("ns_per_sample") / 1000, m.get("samples_per_s"), m.get("x_real_time"),
          m.get("x_real_time_learning_every_sample"));
    }
  }

  private void write(List<Row> rows, List<Map<String, Object>> budget) throws Exception {
    List<String> header = List.of("size", "op", "arrays_ns", "arrays_err", "arrays_bytes", "nd4j_ns", "nd4j_err",
        "nd4j_bytes", "ratio_nd4j_over_arrays", "max_abs_diff");
    List<List<Object>> columns = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      columns.add(new ArrayList<>());
    }
    List<Map<String, Object>> cells = new ArrayList<>();
    for (Row r : rows) {
      Object[] v = {r.size(), r.op(), r.arrays().ns(), r.arrays().err(), r.arrays().bytes(), r.nd4j().ns(),
          r.nd4j().err(), r.nd4j().bytes(), r.ratio(), r.maxDiff()};
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < v.length; i++) {
        Object x = v[i] instanceof Double dv ? json(dv) : v[i];
        columns.get(i).add(x == null ? "" : x);
        m.put(header.get(i), x);
      }
      cells.add(m);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("benchmark", ReservoirBenchmark.class.getName());
    summary.put("what", "EEG model per sample at N neurons, 23 channels: reservoir = one step of the live "
        + "adaptive E/I reservoir (in-degrees 10 E + 3 I, input fan-in 4, gains frozen), arrays over CSR rows, "
        + "ND4J with dense weights; rls = one RLS update with N features and 23 outputs (lambda, delta of the "
        + "live readout)");
    summary.put("units", "ns per op (JMH AverageTime, error = 99.9% CI half-width); bytes per op = "
        + "JMH GCProfiler gc.alloc.rate.norm; max_abs_diff = agreement check over " + checkSteps + " steps");
    summary.put("ops", ops);
    summary.put("variants", variants);
    summary.put("nd4j_threads", nd4jThreads);
    run.describe(summary);
    summary.put("cells", cells);
    summary.put("real_time_budget", Map.of(
        "sample_rate_hz", ReservoirBenchmark.SAMPLE_RATE,
        "channels", ReservoirBenchmark.CHANNELS,
        "learn_every", LEARN_EVERY,
        "note", "one reservoir step per sample plus one RLS update every learn_every samples; the live readout "
            + "has 100 neurons + 23 inputs + 1 bias features whatever N, here RLS has N features",
        "per_size", budget));
    ResultsWriter.writeSummary(out, summary);
    ResultsWriter.writeCsv(out.resolve("reservoir.csv"), header, columns);
    Charts.writePng(out.resolve("reservoir.png"), chart(rows));
  }

  /** ns/op against N, log-log: one colour per variant, one line style per op, and one sample at 256 Hz. */
  private static XYChart chart(List<Row> rows) {
    XYChart c = Charts.logLogChart("EEG model per sample (23 channels): plain arrays vs ND4J",
        "reservoir size N (log)", "ns per op (log)");
    Color[] colors = {Charts.color(0), Charts.color(1)};
    BasicStroke[] lines = {SeriesLines.SOLID, SeriesLines.DASH_DASH};
    Marker[] markers = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE};
    double minN = Double.POSITIVE_INFINITY;
    double maxN = 0;
    for (int v = 0; v < VARIANTS.size(); v++) {
      for (int o = 0; o < OPS.size(); o++) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (Row r : rows) {
          Measure m = v == 0 ? r.arrays() : r.nd4j();
          if (r.op().equals(OPS.get(o)) && Double.isFinite(m.ns()) && m.ns() > 0) {
            xs.add((double) r.size());
            ys.add(m.ns());
            minN = Math.min(minN, r.size());
            maxN = Math.max(maxN, r.size());
          }
        }
        if (!xs.isEmpty()) {
          XYSeries s = c.addSeries(OPS.get(o) + ", " + VARIANTS.get(v), xs, ys);
          s.setLineColor(colors[v]);
          s.setMarkerColor(colors[v]);
          s.setLineStyle(lines[o]);
          s.setMarker(markers[o]);
        }
      }
    }
    if (maxN > 0) {
      double budgetNs = 1e9 / ReservoirBenchmark.SAMPLE_RATE;
      XYSeries g = c.addSeries("one sample at 256 Hz (3.9 ms)", new double[] {minN, maxN},
          new double[] {budgetNs, budgetNs});
      g.setLineColor(Color.GRAY);
      g.setLineStyle(SeriesLines.DASH_DOT);
      g.setMarker(SeriesMarkers.NONE);
    }
    return c;
  }
}
