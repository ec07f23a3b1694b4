package io.streamlearn.lab.chat;

import io.streamlearn.lab.report.Charts;
import io.streamlearn.ops.report.Percentiles;
import io.streamlearn.ops.report.ResultsWriter;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * What experiment rxt writes into --out: summary.json, recall.csv, latency.csv, validation.csv,
 * stages.csv (with --training), recall.png and latency.png.
 */
final class RxtReport {

  private final Path out;
  private final RxtEvaluation.Setup setup;
  private final RxtEvaluation.Result result;
  private final List<TrainingOutput.Stage> stages;

  /** @param stages from --training, or null */
  RxtReport(Path out, RxtEvaluation.Setup setup, RxtEvaluation.Result result, List<TrainingOutput.Stage> stages) {
    this.out = out;
    this.setup = setup;
    this.result = result;
    this.stages = stages;
  }

  void write() throws IOException {
    ResultsWriter.writeSummary(out, summary());
    writeTables();
    writePlots();
  }

  private Map<String, Object> summary() {
    RxtLatency latency = result.latency();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("recall", RecallTable.json(result.recall()));
    Map<String, Object> latencyJson = new LinkedHashMap<>();
    latencyJson.put("rxt", byTurn(latency.turns(), latency.rxtRespond()));
    latencyJson.put("rxt_update", byTurn(latency.turns(), latency.rxtUpdate()));
    latencyJson.put("stateless", byTurn(latency.turns(), latency.stateless()));
    summary.put("latency_ms", latencyJson);
    Map<String, Object> ratio = new LinkedHashMap<>();
    ratio.put("of", "median latency at turn " + setup.maxTurn() + " / median at turn 1");
    ratio.put("rxt", result.rxtRatio());
    ratio.put("rxt_update", RxtLatency.ratio(latency.rxtUpdate()));
    ratio.put("stateless", result.statelessRatio());
    summary.put("latency_ratio", ratio);
    Map<String, Object> goals = new LinkedHashMap<>();
    goals.put("recall_stm_k8", ordered("goal", ">= " + RxtEvaluation.RECALL_GOAL, "value", result.recallK8(), "met",
        result.recallGoalMet()));
    goals.put("rxt_latency_ratio", ordered("goal", "<= " + RxtEvaluation.LATENCY_GOAL, "value", result.rxtRatio(), "met",
        result.latencyGoalMet()));
    summary.put("goals", goals);
    Map<String, Object> validation = new LinkedHashMap<>();
    validation.put("rxt", validationJson(result.rxtValidation()));
    validation.put("stateless", validationJson(result.statelessValidation()));
    validation.put("of", "the checkpoint as loaded: answer tokens of train-rxt's validation dialogues ("
        + result.plan().dialogueTurns() + " turns), teacher-forced; rxt from random STM through memory updates, stateless"
        + " reading each dialogue whole");
    summary.put("validation", validation);
    if (stages != null) {
      List<Map<String, Object>> stageJson = new ArrayList<>();
      for (TrainingOutput.Stage s : stages) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stage", s.stage());
        m.put("validation_perplexity", s.perplexity());
        m.put("validation_answer_accuracy", s.accuracy());
        stageJson.add(m);
      }
      summary.put("stages", stageJson);
      summary.put("stages_from", setup.training().resolve(TrainingOutput.STAGES).toString());
    }
    summary.put("meta", meta());
    return summary;
  }

  private Map<String, Object> meta() {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("checkpoint", setup.checkpoint());
    meta.put("training", setup.training() == null ? null : setup.training().toString());
    meta.put("seed", setup.seed());
    meta.put("split_seed", setup.splitSeed());
    meta.put("train_seed", setup.trainSeed());
    meta.put("dialogues_per_k", setup.dialogues());
    meta.put("conversations", setup.conversations());
    meta.put("warmup_conversations", setup.warmup());
    meta.put("max_turn", setup.maxTurn());
    meta.put("latency", "System.nanoTime around each call, one thread; scripted answers go into memory and history;"
        + " p99 = nearest rank over the conversations");
    meta.put("processors", Runtime.getRuntime().availableProcessors());
    meta.put("load_average", List.of(result.loadBefore(), result.loadAfter()));
    meta.put("seconds", ordered("recall", result.recallSeconds(), "latency", result.latencySeconds(), "validation",
        result.validationSeconds(), "total", result.seconds()));
    return meta;
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  private static Map<String, Object> byTurn(int[] turns, double[][] samples) {
    Map<String, Object> json = new LinkedHashMap<>();
    for (int i = 0; i < turns.length; i++) {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("median", Percentiles.median(samples[i]));
      m.put("p99", Percentiles.nearestRank(samples[i], 0.99));
      json.put(Integer.toString(turns[i]), m);
    }
    return json;
  }

  private static Map<String, Object> validationJson(RxtTrainer.Validation v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("loss", v.loss());
    m.put("perplexity", v.perplexity());
    m.put("answer_accuracy", v.accuracy());
    return m;
  }

  private void writeTables() throws IOException {
    List<RecallEvaluation.Row> recall = result.recall();
    Map<String, double[]> r = new LinkedHashMap<>();
    r.put("k", recall.stream().mapToDouble(RecallEvaluation.Row::k).toArray());
    r.put("dialogues", recall.stream().mapToDouble(RecallEvaluation.Row::dialogues).toArray());
    r.put("stm", recall.stream().mapToDouble(RecallEvaluation.Row::stm).toArray());
    r.put("stm_reset", recall.stream().mapToDouble(RecallEvaluation.Row::stmReset).toArray());
    r.put("stateless", recall.stream().mapToDouble(RecallEvaluation.Row::stateless).toArray());
    ResultsWriter.writeCsv(out.resolve("recall.csv"), r);

    RxtLatency l = result.latency();
    Map<String, double[]> lat = new LinkedHashMap<>();
    lat.put("turn", Arrays.stream(l.turns()).asDoubleStream().toArray());
    lat.put("rxt_respond_median_ms", RxtLatency.medians(l.rxtRespond()));
    lat.put("rxt_respond_p99_ms", RxtLatency.p99s(l.rxtRespond()));
    lat.put("rxt_update_median_ms", RxtLatency.medians(l.rxtUpdate()));
    lat.put("rxt_update_p99_ms", RxtLatency.p99s(l.rxtUpdate()));
    lat.put("stateless_median_ms", RxtLatency.medians(l.stateless()));
    lat.put("stateless_p99_ms", RxtLatency.p99s(l.stateless()));
    lat.put("stateless_prompt_tokens_mean", l.statelessPromptTokens());
    lat.put("rxt_answer_tokens_mean", l.rxtAnswerTokens());
    lat.put("stateless_answer_tokens_mean", l.statelessAnswerTokens());
    double[] conv = new double[l.turns().length];
    Arrays.fill(conv, setup.conversations());
    lat.put("conversations", conv);
    ResultsWriter.writeCsv(out.resolve("latency.csv"), lat);

    RxtTrainer.Validation rxt = result.rxtValidation();
    RxtTrainer.Validation stateless = result.statelessValidation();
    ResultsWriter.writeCsv(out.resolve("validation.csv"), List.of("model", "loss", "perplexity", "answer_accuracy"),
        List.of(List.of("rxt", "stateless"), List.of(rxt.loss(), stateless.loss()),
            List.of(rxt.perplexity(), stateless.perplexity()), List.of(rxt.accuracy(), stateless.accuracy())));
    if (stages != null) {
      ResultsWriter.writeCsv(out.resolve(TrainingOutput.STAGES),
          List.of("stage", "validation_perplexity", "validation_answer_accuracy"),
          List.of(stages.stream().map(TrainingOutput.Stage::stage).toList(),
              stages.stream().map(TrainingOutput.Stage::perplexity).toList(),
              stages.stream().map(TrainingOutput.Stage::accuracy).toList()));
    }
  }

  private void writePlots() throws IOException {
    List<RecallEvaluation.Row> recall = result.recall();
    CategoryChart bars = new CategoryChartBuilder().width(900).height(550)
        .title("Fact recall on test dialogues (" + setup.dialogues() + " per k, unseen values)")
        .xAxisTitle("k (turns since the fact)").yAxisTitle("recall (exact value)").build();
    bars.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    bars.getStyler().setYAxisMin(0.0);
    bars.getStyler().setYAxisMax(1.0);
    bars.getStyler().setLabelsVisible(true);
    bars.getStyler().setYAxisDecimalPattern("0.00");
    List<String> ks = recall.stream().map(r -> Integer.toString(r.k())).toList();
    bars.addSeries("with STM", ks, recall.stream().map(RecallEvaluation.Row::stm).toList()).setFillColor(Charts.color(0));
    bars.addSeries("STM reset before the question", ks, recall.stream().map(RecallEvaluation.Row::stmReset).toList())
        .setFillColor(Charts.color(2));
    bars.addSeries("stateless baseline", ks, recall.stream().map(RecallEvaluation.Row::stateless).toList())
        .setFillColor(Charts.color(1));
    Charts.writePng(out.resolve("recall.png"), bars);

    RxtLatency l = result.latency();
    XYChart chart = new XYChartBuilder().width(1000).height(650)
        .title("Per-turn latency, median and p99 over " + setup.conversations() + " conversations")
        .xAxisTitle("turn (log scale)").yAxisTitle("ms (log scale)").build();
    // log2 of the turn on a linear axis, labelled with the turn: ticks at 1, 2, 4, … (a log axis labels decades only)
    chart.getStyler().setxAxisTickLabelsFormattingFunction(
        v -> Math.abs(v - Math.rint(v)) < 1e-9 && v >= 0 ? Long.toString(Math.round(Math.pow(2, v))) : "");
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setYAxisDecimalPattern("#,###.###");
    double[] x = Arrays.stream(l.turns()).mapToDouble(t -> Math.log(t) / Math.log(2)).toArray();
    line(chart, "stateless respond (median)", x, RxtLatency.medians(l.stateless()), Charts.color(1), SeriesLines.SOLID);
    line(chart, "stateless respond (p99)", x, RxtLatency.p99s(l.stateless()), Charts.color(1), SeriesLines.DASH_DASH);
    line(chart, "RxT respond (median)", x, RxtLatency.medians(l.rxtRespond()), Charts.color(0), SeriesLines.SOLID);
    line(chart, "RxT respond (p99)", x, RxtLatency.p99s(l.rxtRespond()), Charts.color(0), SeriesLines.DASH_DASH);
    line(chart, "RxT memory update (median, after the answer)", x, RxtLatency.medians(l.rxtUpdate()), Charts.color(2),
        SeriesLines.SOLID);
    Charts.writePng(out.resolve("latency.png"), chart);
  }

  private static void line(XYChart chart, String name, double[] x, double[] y, Color color, BasicStroke style) {
    XYSeries s = chart.addSeries(name, x, y);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    s.setLineColor(color);
    s.setLineStyle(style);
    s.setLineWidth(2f);
    s.setMarker(SeriesMarkers.CIRCLE);
    s.setMarkerColor(color);
  }
}
