package io.streamlearn.bench.jmh;

import io.streamlearn.lab.report.Charts;
import static io.streamlearn.bench.jmh.JmhRun.json;
import static io.streamlearn.bench.jmh.JmhRun.num;
import static io.streamlearn.bench.jmh.JmhRun.withErr;

import io.streamlearn.models.ads.ArmSet;
import io.streamlearn.models.ads.ConfidenceRadius;
import io.streamlearn.models.ads.DynLinBounds;
import io.streamlearn.models.ads.DynLinUcb;
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
import java.util.TreeMap;
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
 * {@code bench models}: JMH over {@link PolicyStepBenchmark}, one DynLin-UCB round (select +
 * update) on plain arrays against the same math in ND4J, for every (platforms, arms) cell; prints
 * both times, their ratio and the bytes allocated per round (JMH's GC profiler,
 * gc.alloc.rate.norm), and with {@code --out} writes summary.json, rounds.csv and rounds.png. The
 * arrays variant keeps per-arm quadratic forms incrementally (models' {@code RidgeRegression}),
 * O(K d + d²) per round.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = "JMH: one DynLin-UCB round (select + update) on plain arrays vs ND4J, "
        + "ns/round, ratio and bytes allocated per round, side by side.")
public final class ModelBenchCommand implements Callable<Integer> {

  /** Issue 3's goal: at most this many ns per round at p ≤ 16 with 64 arms, and no allocation. */
  static final double GOAL_NS = 2000;

  static final int GOAL_ARMS = 64;

  /** Below this gc.alloc.rate.norm (bytes/round) a variant counts as allocation-free. */
  static final double ZERO_ALLOC_BYTES = 1.0;

  @Option(names = "--platforms", split = ",", defaultValue = "3,8,16",
      description = "Platform counts p (default: ${DEFAULT-VALUE}).")
  List<Integer> platforms;

  @Option(names = "--arms", split = ",", defaultValue = "6,64,512",
      description = "Arm counts K (default: ${DEFAULT-VALUE}).")
  List<Integer> arms;

  @Option(names = "--variants", split = ",", defaultValue = "arrays,nd4j",
      description = "Which implementations to run: arrays (the models' DynLinUcb), nd4j (same math in ND4J) "
          + "(default: ${DEFAULT-VALUE}).")
  List<String> variants;

  @Mixin
  JmhRun run;

  @Option(names = "--check-rounds", defaultValue = "200",
      description = "Before timing, run this many rounds of both implementations on the same history and "
          + "report how often ND4J picks the same arm (0 skips; default: ${DEFAULT-VALUE}).")
  int checkRounds;

  @Option(names = "--out", paramLabel = "DIR", description = "Write summary.json, rounds.csv and rounds.png here.")
  Path out;

  public ModelBenchCommand() {}

  /** One (p, K) cell. */
  record Row(int platforms, int arms, Measure arrays, Measure nd4j, double nd4jAgreement,
      double nd4jEstimateDiff) {
    double ratio() {
      return nd4j.ns() / arrays.ns();
    }
  }

  @Override
  public Integer call() throws Exception {
    validate();
    Map<String, double[]> checks = new TreeMap<>();
    if (checkRounds > 0 && variants.contains("nd4j")) {
      JmhRun.useJavaCppFlags();
      System.out.printf("agreement check: %d rounds per cell; ND4J sees the arrays' history and "
          + "must pick the arm the arrays' DynLinUcb picks%n", checkRounds);
      for (int p : platforms) {
        for (int k : arms) {
          double[] c = agreement(p, k, checkRounds);
          checks.put(key(p, k), c);
          System.out.printf(Locale.ROOT, "  p=%-2d K=%-4d same arm: nd4j %s; max |ĥ_arrays - ĥ_nd4j| %s%n",
              p, k, pct(c[0]), num(c[1], "%.1e"));
        }
      }
    }

    String include = Pattern.quote(PolicyStepBenchmark.class.getName()) + "\\.(" + String.join("|", variants) + ")$";
    Collection<RunResult> results = new Runner(run.options(include)
        .param("platforms", JmhRun.strings(platforms))
        .param("arms", JmhRun.strings(arms))
        .build()).run();

    Map<String, Map<String, Measure>> measured = new LinkedHashMap<>();
    for (RunResult r : results) {
      BenchmarkParams bp = r.getParams();
      String bench = bp.getBenchmark();
      String variant = bench.substring(bench.lastIndexOf('.') + 1);
      String key = key(Integer.parseInt(bp.getParam("platforms")), Integer.parseInt(bp.getParam("arms")));
      measured.computeIfAbsent(key, x -> new LinkedHashMap<>()).put(variant, Measure.of(r));
    }
    List<Row> rows = new ArrayList<>();
    for (int p : platforms) {
      for (int k : arms) {
        Map<String, Measure> m = measured.getOrDefault(key(p, k), Map.of());
        double[] chk = checks.getOrDefault(key(p, k), new double[] {Double.NaN, Double.NaN});
        rows.add(new Row(p, k, m.getOrDefault("arrays", Measure.NONE), m.getOrDefault("nd4j", Measure.NONE),
            chk[0], chk[1]));
      }
    }

    printTable(rows);
    Map<String, Object> goal = goal(rows);
    System.out.println(goal.get("verdict"));
    if (out != null) {
      write(rows, goal);
      System.out.println("wrote " + out.resolve("summary.json") + ", rounds.csv, rounds.png");
    }
    return 0;
  }

  private void validate() {
    run.validate();
    if (checkRounds < 0) {
      throw new UserError("--check-rounds must be >= 0");
    }
    for (int p : platforms) {
      if (p < 2 || p > 64) {
        throw new UserError("--platforms must be between 2 and 64: " + p);
      }
    }
    for (int k : arms) {
      if (k < 1 || k > 100_000) {
        throw new UserError("--arms must be between 1 and 100000: " + k);
      }
    }
    for (String v : variants) {
      if (!List.of("arrays", "nd4j").contains(v)) {
        throw new UserError("--variants takes arrays and/or nd4j, not '" + v + "'");
      }
    }
  }

  private static String key(int p, int k) {
    return p + "/" + k;
  }

  /**
   * Runs the models' DynLinUcb and, on the same history (the arms DynLinUcb plays and their
   * rewards), {@link Nd4jDynLinStep}; returns {fraction of rounds ≥ 1 where ND4J's argmax is
   * DynLinUcb's choice, max |ĥ_arrays − ĥ_nd4j| at the end}.
   */
  static double[] agreement(int p, int k, int rounds) {
    ArmSet armSet = PolicyStepBenchmark.armSet(p, k, PolicyStepBenchmark.SEED);
    double[] theta = PolicyStepBenchmark.theta(p, PolicyStepBenchmark.SEED);
    double[] noise = PolicyStepBenchmark.noise(PolicyStepBenchmark.SEED);
    DynLinBounds bounds = PolicyStepBenchmark.bounds();
    DynLinUcb policy = new DynLinUcb(armSet, bounds, 1.0, PolicyStepBenchmark.SEED);
    Nd4jDynLinStep step = new Nd4jDynLinStep(armSet, 1.0);
    ConfidenceRadius beta = ConfidenceRadius.dynLinUcb(bounds, armSet.maxNorm(), p, 1.0);
    int sameNd4j = 0;
    for (int t = 0; t < rounds; t++) {
      int a = policy.chooseArm();
      // round 0 is DynLinUcb's seeded random arm, not an argmax
      if (t > 0 && step.select(beta.at(t)) == a) {
        sameNd4j++;
      }
      double y = armSet.dot(a, theta) + noise[t & (noise.length - 1)];
      policy.observe(y);
      step.update(a, y);
    }
    double[] h1 = policy.estimate();
    double[] h2 = step.estimate();
    double diff = 0;
    for (int i = 0; i < p; i++) {
      diff = Math.max(diff, Math.abs(h1[i] - h2[i]));
    }
    double n = Math.max(1, rounds - 1);
    return new double[] {sameNd4j / n, diff};
  }

  private static void printTable(List<Row> rows) {
    System.out.println();
    System.out.println("One DynLin-UCB round (select + update), JMH average time ± 99.9% CI; "
        + "B/round = gc.alloc.rate.norm");
    System.out.printf("%4s %6s %18s %22s %12s %14s %14s%n", "p", "arms", "arrays ns/round", "nd4j ns/round",
        "nd4j/arrays", "arrays B/round", "nd4j B/round");
    for (Row r : rows) {
      System.out.printf(Locale.ROOT, "%4d %6d %18s %22s %12s %14s %14s%n", r.platforms(), r.arms(),
          withErr(r.arrays()), withErr(r.nd4j()),
          Double.isNaN(r.ratio()) ? "-" : String.format(Locale.ROOT, "%,.0fx", r.ratio()),
          num(r.arrays().bytes(), "%.2f"), num(r.nd4j().bytes(), "%,.0f"));
    }
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }

  /** Issue 3's goal, checked on the arrays variant in the cells with 64 arms and p ≤ 16 that were run. */
  private static Map<String, Object> goal(List<Row> rows) {
    double worstNs = Double.NaN;
    double worstBytes = Double.NaN;
    for (Row r : rows) {
      if (r.arms() == GOAL_ARMS && r.platforms() <= 16 && !Double.isNaN(r.arrays().ns())) {
        worstNs = Double.isNaN(worstNs) ? r.arrays().ns() : Math.max(worstNs, r.arrays().ns());
      }
      if (!Double.isNaN(r.arrays().bytes())) {
        worstBytes = Double.isNaN(worstBytes) ? r.arrays().bytes() : Math.max(worstBytes, r.arrays().bytes());
      }
    }
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("goal", "<= 2 us per round at p <= 16 with 64 arms, zero allocation (models' plain-array DynLinUcb)");
    g.put("arrays_worst_ns_at_64_arms", json(worstNs));
    g.put("arrays_worst_bytes_per_round", json(worstBytes));
    Boolean timeMet = Double.isNaN(worstNs) ? null : worstNs <= GOAL_NS;
    Boolean allocMet = Double.isNaN(worstBytes) ? null : worstBytes < ZERO_ALLOC_BYTES;
    g.put("time_goal_met", timeMet);
    g.put("zero_allocation_met", allocMet);
    g.put("verdict", String.format(Locale.ROOT,
        "goal (arrays: <= %.0f ns/round at p <= 16 with %d arms; zero allocation): time %s (worst %s ns), "
            + "allocation %s (worst %s B/round)",
        GOAL_NS, GOAL_ARMS, verdict(timeMet), num(worstNs, "%,.0f"), verdict(allocMet), num(worstBytes, "%.2f")));
    return g;
  }

  private static String verdict(Boolean met) {
    return met == null ? "not measured" : met ? "MET" : "NOT MET";
  }

  private void write(List<Row> rows, Map<String, Object> goal) throws Exception {
    List<String> header = List.of("platforms", "arms", "arrays_ns", "arrays_err", "arrays_bytes", "nd4j_ns",
        "nd4j_err", "nd4j_bytes", "ratio_nd4j_over_arrays", "nd4j_agreement");
    List<List<Object>> columns = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      columns.add(new ArrayList<>());
    }
    List<Map<String, Object>> cells = new ArrayList<>();
    for (Row r : rows) {
      Object[] v = {r.platforms(), r.arms(), r.arrays().ns(), r.arrays().err(), r.arrays().bytes(), r.nd4j().ns(),
          r.nd4j().err(), r.nd4j().bytes(), r.ratio(), r.nd4jAgreement()};
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < v.length; i++) {
        Object x = v[i] instanceof Double dv ? json(dv) : v[i];
        columns.get(i).add(x == null ? "" : x);
        m.put(header.get(i), x);
      }
      m.put("max_estimate_diff_nd4j", json(r.nd4jEstimateDiff()));
      cells.add(m);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("benchmark", PolicyStepBenchmark.class.getName());
    summary.put("what", "one DynLin-UCB round (chooseArm + observe) with rho_bar = 0: UCB argmax over K arms "
        + "and a Sherman-Morrison update every round");
    summary.put("units", "ns per round (JMH AverageTime, error = 99.9% CI half-width); bytes per round = "
        + "JMH GCProfiler gc.alloc.rate.norm");
    summary.put("variants", variants);
    run.describe(summary);
    summary.putAll(goal);
    summary.put("cells", cells);
    ResultsWriter.writeSummary(out, summary);
    ResultsWriter.writeCsv(out.resolve("rounds.csv"), header, columns);
    Charts.writePng(out.resolve("rounds.png"), chart(rows));
  }

  /** ns/round against arms, log-log, one line per (variant, p), and the 2 µs goal. */
  private static XYChart chart(List<Row> rows) {
    XYChart c = Charts.logLogChart("One DynLin-UCB round (select + update): plain arrays vs ND4J",
        "arms K (log)", "ns per round (log)");
    Color[] colors = {Charts.color(0), Charts.color(1)};
    String[] names = {"arrays", "nd4j"};
    BasicStroke[] lines = {SeriesLines.SOLID, SeriesLines.DASH_DASH, SeriesLines.DOT_DOT, SeriesLines.DASH_DOT};
    Marker[] markers = {
      SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP
    };
    TreeMap<Integer, List<Row>> byP = new TreeMap<>();
    double minK = Double.POSITIVE_INFINITY;
    double maxK = 0;
    for (Row r : rows) {
      byP.computeIfAbsent(r.platforms(), x -> new ArrayList<>()).add(r);
      minK = Math.min(minK, r.arms());
      maxK = Math.max(maxK, r.arms());
    }
    for (int v = 0; v < names.length; v++) {
      int pi = 0;
      for (Map.Entry<Integer, List<Row>> e : byP.entrySet()) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (Row r : e.getValue()) {
          Measure m = v == 0 ? r.arrays() : r.nd4j();
          if (Double.isFinite(m.ns()) && m.ns() > 0) {
            xs.add((double) r.arms());
            ys.add(m.ns());
          }
        }
        if (!xs.isEmpty()) {
          XYSeries s = c.addSeries(names[v] + ", p=" + e.getKey(), xs, ys);
          s.setLineColor(colors[v]);
          s.setMarkerColor(colors[v]);
          s.setLineStyle(lines[pi % lines.length]);
          s.setMarker(markers[pi % markers.length]);
        }
        pi++;
      }
    }
    if (maxK > 0) {
      XYSeries g = c.addSeries("goal 2 µs", new double[] {minK, maxK}, new double[] {GOAL_NS, GOAL_NS});
      g.setLineColor(Color.GRAY);
      g.setLineStyle(SeriesLines.DASH_DOT);
      g.setMarker(SeriesMarkers.NONE);
    }
    return c;
  }
}
