package io.streamlearn.bench.e2e;

import io.streamlearn.lab.report.Charts;
import io.streamlearn.ops.report.ResultsWriter;
import io.streamlearn.traffic.eeg.EegSimulationSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;

/** What bench eeg writes into --out: summary.json, runs.csv, latency.csv (every block) and latency.png. */
final class EegCapacityResults {

  /**
   * The settings the summary reports.
   *
   * @param recordings the live recordings per run, as asked (the figure's range)
   */
  record Setup(int reservoirSize, boolean exactlyOnce, EegSimulationSettings sim, double minutes, double warmupSeconds,
      double latencyGoalMs, List<Integer> recordings) {}

  private final Path out;
  private final Setup setup;

  EegCapacityResults(Path out, Setup setup) {
    this.out = out;
    this.setup = setup;
  }

  /** @param replay null before (or without) the replay */
  void write(List<LiveRun> runs, ReplaySpeed replay) throws Exception {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("reservoir_size", setup.reservoirSize());
    summary.put("exactly_once", setup.exactlyOnce());
    summary.put("channels", setup.sim().channels());
    summary.put("sample_rate_hz", setup.sim().sampleRateHz());
    summary.put("minutes_per_run", setup.minutes());
    summary.put("warmup_seconds", setup.warmupSeconds());
    summary.put("latency_goal_ms", setup.latencyGoalMs());
    List<Map<String, Object>> rows = new ArrayList<>();
    List<List<String>> csv = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
        new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    int keptUp = 0;
    for (LiveRun run : runs) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("mode", run.mode());
      row.put("recordings", run.recordings());
      row.put("blocks", run.blocks());
      row.put("received", run.received());
      Map<String, Double> latency = new LinkedHashMap<>();
      latency.put("p50", finite(run.percentile(0.5)));
      latency.put("p99", finite(run.percentile(0.99)));
      latency.put("max", finite(run.percentile(1)));
      row.put("latency_ms", latency);
      row.put("keeps_up", run.keepsUp());
      rows.add(row);
      List<Object> values = List.of(run.mode(), run.recordings(), run.blocks(), run.received(), run.percentile(0.5),
          run.percentile(0.99), run.percentile(1), run.keepsUp());
      for (int c = 0; c < values.size(); c++) {
        csv.get(c).add(String.valueOf(values.get(c)));
      }
      if (run.mode().equals(LiveRecordingsRun.PIPELINE) && run.keepsUp()) {
        keptUp = Math.max(keptUp, run.recordings());
      }
    }
    summary.put("runs", rows);
    summary.put("pipeline_recordings_kept_up", keptUp);
    if (replay != null) {
      summary.put("replay", replayJson(replay));
    }
    ResultsWriter.writeSummary(out, summary);
    ResultsWriter.writeCsv(out.resolve("runs.csv"), List.of("mode", "recordings", "blocks", "received", "p50_ms",
        "p99_ms", "max_ms", "keeps_up"), csv);
    List<List<String>> perBlock = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (LiveRun run : runs) {
      for (int i = 0; i < run.dueSeconds().length; i++) {
        perBlock.get(0).add(run.mode());
        perBlock.get(1).add(String.valueOf(run.recordings()));
        perBlock.get(2).add(String.valueOf(run.dueSeconds()[i]));
        perBlock.get(3).add(String.valueOf(run.allLatencyMs()[i]));
      }
    }
    ResultsWriter.writeCsv(out.resolve("latency.csv"), List.of("mode", "recordings", "due_s", "latency_ms"), perBlock);
    Charts.writePng(out.resolve("latency.png"), chart(runs));
    System.out.println("wrote " + out.resolve("summary.json"));
  }

  private static Map<String, Object> replayJson(ReplaySpeed replay) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("signal_seconds", replay.signalSeconds());
    result.put("outputs", replay.outputs());
    result.put("repeats", replay.repeats());
    result.put("first_replay_seconds", replay.firstReplaySeconds());
    result.put("first_replay_real_time_factor", replay.firstReplayRealTimeFactor());
    result.put("replay_seconds", replay.replaySeconds());
    result.put("replay_real_time_factor", replay.replayRealTimeFactor());
    result.put("kafka_replay_real_time_factor", replay.kafkaRealTimeFactor());
    result.put("model_alone_seconds", replay.modelSeconds());
    result.put("model_alone_real_time_factor", replay.modelRealTimeFactor());
    result.put("ratio", replay.ratio());
    return result;
  }

  /** JSON has no infinity: a percentile over missing blocks is written as null. */
  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** p50 and p99 latency against recordings, pipeline and passthrough, with the goal. */
  private XYChart chart(List<LiveRun> runs) {
    XYChart chart = Charts.logLogChart("EEG blocks to predictions at real time: latency by live recordings",
        "live recordings (log)", "latency ms (log)");
    for (String mode : List.of(LiveRecordingsRun.PASSTHROUGH, LiveRecordingsRun.PIPELINE)) {
      for (double p : new double[] {0.5, 0.99}) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (LiveRun run : runs) {
          double v = run.percentile(p);
          if (run.mode().equals(mode) && Double.isFinite(v) && v > 0) {
            x.add((double) run.recordings());
            y.add(v);
          }
        }
        if (!x.isEmpty()) {
          chart.addSeries(mode + " p" + Math.round(p * 100), x, y);
        }
      }
    }
    double lo = setup.recordings().stream().mapToInt(Integer::intValue).min().orElse(1);
    double hi = setup.recordings().stream().mapToInt(Integer::intValue).max().orElse(1);
    double goal = setup.latencyGoalMs();
    chart.addSeries("goal", new double[] {lo, Math.max(hi, lo * 1.01)}, new double[] {goal, goal});
    return chart;
  }
}
