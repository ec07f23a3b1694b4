package io.streamlearn.bench.jmh;

import io.streamlearn.ops.cli.UserError;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine.Option;

/**
 * What the JMH bench commands ({@code bench models}, {@code bench reservoir}) share: the run-length
 * options (a picocli mixin), the JMH options built from them (average time in ns, GC profiler), the
 * JavaCPP flags of the ND4J forks, reading time and allocation off a result, and formatting.
 */
final class JmhRun {

  /** JavaCPP flags that cut ND4J's small-op cost ~1.6× (stack notes); given to the ND4J forks only. */
  static final String JAVACPP_MAX_PHYSICAL_BYTES = "-Dorg.bytedeco.javacpp.maxphysicalbytes=0";

  static final String JAVACPP_MAX_BYTES = "-Dorg.bytedeco.javacpp.maxbytes=0";

  static final String[] ND4J_JVM_ARGS = {JAVACPP_MAX_PHYSICAL_BYTES, JAVACPP_MAX_BYTES};

  @Option(names = "--warmup", defaultValue = "2", description = "Warmup iterations per cell (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--iterations", defaultValue = "3", description = "Measurement iterations per cell (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Option(names = "--time", defaultValue = "1", paramLabel = "SECONDS",
      description = "Seconds per warmup and per measurement iteration (default: ${DEFAULT-VALUE}).")
  double time;

  @Option(names = "--forks", defaultValue = "1", description = "JVM forks per cell (default: ${DEFAULT-VALUE}).")
  int forks;

  JmhRun() {}

  /** ns/op (mean, 99.9% error) and bytes/op of one variant in one cell; NaN when not run. */
  record Measure(double ns, double err, double bytes) {
    static final Measure NONE = new Measure(Double.NaN, Double.NaN, Double.NaN);

    static Measure of(RunResult r) {
      return new Measure(r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError(), allocNorm(r));
    }
  }

  void validate() {
    if (warmup < 0 || iterations < 1 || forks < 1 || !(time > 0)) {
      throw new UserError("--iterations and --forks must be >= 1, --warmup >= 0, --time > 0");
    }
  }

  /**
   * AverageTime in ns with the GC profiler over the benchmarks matching {@code include}. JVM flags
   * of the ND4J forks belong in {@code @Fork(jvmArgsAppend)} on the benchmark method: setting
   * jvmArgsAppend here would override that for every method.
   */
  ChainedOptionsBuilder options(String include) {
    TimeValue t = TimeValue.milliseconds(Math.max(1, Math.round(time * 1000)));
    return new OptionsBuilder()
        .include(include)
        .mode(Mode.AverageTime)
        .timeUnit(TimeUnit.NANOSECONDS)
        .forks(forks)
        .warmupIterations(warmup)
        .warmupTime(t)
        .measurementIterations(iterations)
        .measurementTime(t)
        .addProfiler(GCProfiler.class)
        .shouldFailOnError(true)
        .verbosity(VerboseMode.NORMAL);
  }

  /** The run's settings and machine, for summary.json. */
  void describe(Map<String, Object> summary) {
    summary.put("warmup_iterations", warmup);
    summary.put("measurement_iterations", iterations);
    summary.put("iteration_seconds", time);
    summary.put("forks", forks);
    summary.put("nd4j_fork_jvm_args", List.of(ND4J_JVM_ARGS));
    summary.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    summary.put("cores", Runtime.getRuntime().availableProcessors());
  }

  static String[] strings(List<Integer> values) {
    return values.stream().map(String::valueOf).toArray(String[]::new);
  }

  /** gc.alloc.rate.norm in bytes per op (the name had a "·" prefix before JMH 1.35). */
  static double allocNorm(RunResult r) {
    for (String name : r.getSecondaryResults().keySet()) {
      if (name.endsWith("gc.alloc.rate.norm")) {
        return r.getSecondaryResults().get(name).getScore();
      }
    }
    return Double.NaN;
  }

  /** Sets the JavaCPP flags in this JVM too (for the agreement checks) unless already given. */
  static void useJavaCppFlags() {
    for (String arg : ND4J_JVM_ARGS) {
      String[] kv = arg.substring(2).split("=", 2);
      if (System.getProperty(kv[0]) == null) {
        System.setProperty(kv[0], kv[1]);
      }
    }
  }

  static String withErr(Measure m) {
    if (Double.isNaN(m.ns())) {
      return "-";
    }
    return Double.isNaN(m.err())
        ? String.format(Locale.ROOT, "%,.0f", m.ns())
        : String.format(Locale.ROOT, "%,.0f ± %,.0f", m.ns(), m.err());
  }

  static String num(double v, String fmt) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, fmt, v);
  }

  static Object json(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
