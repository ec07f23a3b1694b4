package io.streamlearn.bench.e2e;

import io.streamlearn.lab.report.Charts;
import io.streamlearn.ops.report.Percentiles;
import io.streamlearn.ops.report.ResultsWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * bench e2e's results: per commit mode the median rate of each contender, the ratios the README
 * and issue 18 quote, and whether every run's outputs were complete; the runs as CSV; a PNG of the
 * medians side by side.
 */
final class EndToEndResults {

  private final List<MeasuredRun.Result> runs = new ArrayList<>();
  private final Map<String, LiveRun> latencies = new LinkedHashMap<>();
  private final Map<String, Double> latencyRates = new LinkedHashMap<>();

  void add(MeasuredRun.Result result) {
    runs.add(result);
  }

  /** The latency run of {@code run.mode()}, paced at {@code rate} records/s. */
  void addLatency(LiveRun run, double rate) {
    latencies.put(run.mode(), run);
    latencyRates.put(run.mode(), rate);
  }

  List<MeasuredRun.Result> unverified() {
    return runs.stream().filter(r -> !r.verified()).toList();
  }

  /** The median of the measured (not warm-up) runs of {@code contender} in {@code mode}; NaN for none or any unfinished. */
  double median(String mode, String contender) {
    double[] rates = runs.stream().filter(r -> r.mode().equals(mode) && r.contender().equals(contender)
        && !r.run().equals("warm-up")).mapToDouble(MeasuredRun.Result::recordsPerS).toArray();
    return rates.length == 0 ? Double.NaN : Percentiles.median(rates);
  }

  /** Summary entries of one mode; {@code streamsKeys}: the Kafka Streams contenders run (none: its keys are null). */
  Map<String, Object> mode(String mode, List<String> streamsKeys) {
    Map<String, Object> m = new LinkedHashMap<>();
    double plain = median(mode, Contenders.PASSTHROUGH);
    double pipeline = median(mode, Contenders.PIPELINE);
    m.put("passthrough_records_per_s", number(plain));
    m.put("connectors_passthrough_records_per_s", number(median(mode, Contenders.CONNECTORS)));
    m.put("pipeline_records_per_s", number(pipeline));
    double streams = Double.NaN;
    for (String key : streamsKeys) {
      double rate = median(mode, key);
      m.put(key + "_records_per_s", number(rate));
      streams = Double.isNaN(streams) || rate > streams ? rate : streams;
    }
    m.put("kafka_streams_records_per_s", number(streams));
    m.put("ratio", number(pipeline / plain));
    m.put("ratio_to_kafka_streams", number(pipeline / streams));
    List<MeasuredRun.Result> ofMode = runs.stream().filter(r -> r.mode().equals(mode)).toList();
    m.put("outputs_verified", !ofMode.isEmpty() && ofMode.stream().allMatch(MeasuredRun.Result::verified));
    m.put("runs_verified", ofMode.stream().filter(MeasuredRun.Result::verified).count() + " of " + ofMode.size());
    LiveRun latency = latencies.get(mode);
    if (latency != null) {
      m.put("latency_rate_records_per_s", latencyRates.get(mode));
      m.put("latency_decisions", latency.blocks());
      m.put("latency_decisions_received", latency.received());
      m.put("latency_p50_ms", number(latency.percentile(0.5)));
      m.put("latency_p99_ms", number(latency.percentile(0.99)));
      m.put("latency_max_ms", number(latency.percentile(1.0)));
      m.put("latency_goal_ms", latency.goalMs());
      m.put("latency_within_goal", latency.keepsUp());
    }
    return m;
  }

  void write(Path out, Map<String, Object> summary, List<String> modes, List<String> contenders) throws IOException {
    ResultsWriter.writeSummary(out, summary);
    ResultsWriter.writeCsv(out.resolve("runs.csv"), List.of("mode", "contender", "run", "records_per_s", "verified", "detail"),
        List.of(column(MeasuredRun.Result::mode), column(MeasuredRun.Result::contender), column(MeasuredRun.Result::run),
            column(r -> String.valueOf(r.recordsPerS())), column(r -> String.valueOf(r.verified())),
            column(r -> '"' + r.detail().replace("\"", "'") + '"')));
    Map<String, double[]> bars = new LinkedHashMap<>();
    for (String contender : contenders) {
      bars.put(contender, modes.stream().mapToDouble(mode -> {
        double rate = median(mode, contender);
        return Double.isNaN(rate) ? 0 : rate;
      }).toArray());
    }
    Charts.writePng(out.resolve("throughput.png"), Charts.groupedBars(
        "bench e2e: records/s, first consumed to last output committed (medians)", "records/s", modes, bars, null));
    if (!latencies.isEmpty()) {
      writeLatencies(out);
    }
  }

  /** Every timed decision as CSV, and per mode its latency over the run. */
  private void writeLatencies(Path out) throws IOException {
    List<List<String>> columns = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (LiveRun run : latencies.values()) {
      for (int i = 0; i < run.dueSeconds().length; i++) {
        columns.get(0).add(run.mode());
        columns.get(1).add(String.valueOf(run.dueSeconds()[i]));
        columns.get(2).add(String.valueOf(run.allLatencyMs()[i]));
      }
      Integer[] order = new Integer[run.dueSeconds().length];
      Arrays.setAll(order, i -> i);
      Arrays.sort(order, Comparator.comparingDouble(i -> run.dueSeconds()[i]));
      double[] x = Arrays.stream(order).mapToDouble(i -> run.dueSeconds()[i]).toArray();
      double[] y = Arrays.stream(order).mapToDouble(i -> run.allLatencyMs()[i]).toArray();
      double[] goal = new double[x.length];
      Arrays.fill(goal, run.goalMs());
      Map<String, double[]> lines = new LinkedHashMap<>();
      lines.put("record due to decision committed", y);
      lines.put("goal (p99)", goal);
      Charts.writePng(out.resolve("latency-" + run.mode() + ".png"), Charts.timeline(String.format(
          "bench e2e %s at %,.0f records/s: p50 %.1f ms, p99 %.1f ms", run.mode(), latencyRates.get(run.mode()),
          run.percentile(0.5), run.percentile(0.99)), "input record due (s)", "ms", x, lines, Map.of()));
    }
    ResultsWriter.writeCsv(out.resolve("latency.csv"), List.of("mode", "due_s", "latency_ms"), columns);
  }

  private List<String> column(java.util.function.Function<MeasuredRun.Result, String> f) {
    return runs.stream().map(f).toList();
  }

  private static Double number(double x) {
    return Double.isFinite(x) ? x : null;
  }
}
