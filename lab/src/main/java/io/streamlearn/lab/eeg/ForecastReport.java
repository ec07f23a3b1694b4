package io.streamlearn.lab.eeg;

import io.streamlearn.actors.eeg.EegSettings;
import io.streamlearn.lab.report.Charts;
import io.streamlearn.models.eeg.EegMonitor;
import io.streamlearn.ops.report.Percentiles;
import io.streamlearn.ops.report.ResultsWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The eeg-forecast experiment's outputs: nrmse.csv (recording, channel, horizon, the three methods),
 * summary.json (skill over persistence and over AR per horizon: 1 − median over channels of the NRMSE
 * ratio, positive when the model is better; per recording and over all channels of all recordings),
 * nrmse.png (median NRMSE per method and horizon) and a table on standard output.
 */
final class ForecastReport {
  private static final int MODEL = 0;
  private static final int AR = 1;
  private static final int PERSISTENCE = 2;

  private ForecastReport() {}

  static void write(Path out, List<ForecastEvaluation.Result> results, EegSettings settings, String source)
      throws Exception {
    int[] horizons = results.get(0).horizons();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("skill_over_persistence", skill(results, horizons, PERSISTENCE));
    summary.put("skill_over_ar", skill(results, horizons, AR));
    Map<String, Object> medians = new LinkedHashMap<>();
    for (int m = 0; m < 3; m++) {
      Map<String, Double> byH = new LinkedHashMap<>();
      for (int j = 0; j < horizons.length; j++) {
        byH.put(String.valueOf(horizons[j]), Percentiles.median(values(results, m, j)));
      }
      medians.put(EegMonitor.METHODS.get(m), byH);
    }
    summary.put("nrmse_median", medians);
    List<Map<String, Object>> recs = new ArrayList<>();
    for (ForecastEvaluation.Result r : results) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("recording", r.recordingId());
      e.put("channels", r.labels().size());
      e.put("sample_rate_hz", r.sampleRate());
      e.put("seconds", r.seconds());
      e.put("horizon_ms", java.util.Arrays.stream(horizons).mapToDouble(h -> 1000.0 * h / r.sampleRate()).toArray());
      e.put("skill_over_persistence", skill(List.of(r), horizons, PERSISTENCE));
      e.put("skill_over_ar", skill(List.of(r), horizons, AR));
      e.put("first_score_s", Double.isNaN(r.firstScoreSeconds()) ? null : r.firstScoreSeconds());
      e.put("artifact_events", r.artifactEvents());
      e.put("artifact_samples", r.artifactSamples());
      e.put("episodes", r.episodes());
      e.put("speed_x_real_time", r.seconds() / r.wallSeconds());
      recs.add(e);
    }
    summary.put("recordings", recs);
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("source", source);
    meta.put("settings", settings);
    meta.put("nrmse", "RMS error of the forecasts of the second half's samples / the channel's std over that half");
    meta.put("skill", "1 - median over channels (of all recordings) of NRMSE_model / NRMSE_baseline");
    summary.put("meta", meta);
    ResultsWriter.writeSummary(out, summary);

    List<String> rec = new ArrayList<>();
    List<String> ch = new ArrayList<>();
    List<Integer> hor = new ArrayList<>();
    List<List<Double>> cols = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (ForecastEvaluation.Result r : results) {
      for (int j = 0; j < horizons.length; j++) {
        for (int c = 0; c < r.labels().size(); c++) {
          rec.add(r.recordingId());
          ch.add(r.labels().get(c));
          hor.add(horizons[j]);
          for (int m = 0; m < 3; m++) {
            cols.get(m).add(r.nrmse()[m][j][c]);
          }
        }
      }
    }
    ResultsWriter.writeCsv(out.resolve("nrmse.csv"), List.of("recording", "channel", "horizon_samples", "model", "ar",
        "persistence"), List.of(rec, ch, hor, cols.get(0), cols.get(1), cols.get(2)));
    List<String> cats = new ArrayList<>();
    List<Double> vals = new ArrayList<>();
    for (int j = 0; j < horizons.length; j++) {
      for (int m = 0; m < 3; m++) {
        cats.add(EegMonitor.METHODS.get(m) + " h=" + horizons[j]);
        vals.add(Percentiles.median(values(results, m, j)));
      }
    }
    Charts.writeBarChart(out.resolve("nrmse.png"), "EEG forecast, median NRMSE over channels (" + source + ")",
        "NRMSE (second half)", cats, vals);

    System.out.printf(Locale.ROOT, "%n%-8s %10s %10s %12s %18s %12s%n", "horizon", "model", "AR", "persistence",
        "skill vs persist.", "skill vs AR");
    Map<String, Double> sp = skill(results, horizons, PERSISTENCE);
    Map<String, Double> sa = skill(results, horizons, AR);
    for (int j = 0; j < horizons.length; j++) {
      String h = String.valueOf(horizons[j]);
      System.out.printf(Locale.ROOT, "%-8s %10.4f %10.4f %12.4f %+18.3f %+12.3f%n", h,
          Percentiles.median(values(results, MODEL, j)), Percentiles.median(values(results, AR, j)),
          Percentiles.median(values(results, PERSISTENCE, j)), sp.get(h), sa.get(h));
    }
    for (ForecastEvaluation.Result r : results) {
      System.out.printf(Locale.ROOT, "%s: first score after %.2f s, %d artifact events, %d episodes, %.0fx real time%n",
          r.recordingId(), r.firstScoreSeconds(), r.artifactEvents(), r.episodes(), r.seconds() / r.wallSeconds());
    }
    System.out.println("wrote " + out.toAbsolutePath());
  }

  /** Per horizon in samples: 1 − median over channels of NRMSE_model / NRMSE_baseline (finite ratios only). */
  private static Map<String, Double> skill(List<ForecastEvaluation.Result> results, int[] horizons, int baseline) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int j = 0; j < horizons.length; j++) {
      List<Double> ratios = new ArrayList<>();
      for (ForecastEvaluation.Result r : results) {
        for (int c = 0; c < r.labels().size(); c++) {
          double q = r.nrmse()[MODEL][j][c] / r.nrmse()[baseline][j][c];
          if (Double.isFinite(q)) {
            ratios.add(q);
          }
        }
      }
      out.put(String.valueOf(horizons[j]), ratios.isEmpty() ? Double.NaN : 1 - Percentiles.median(ratios));
    }
    return out;
  }

  private static List<Double> values(List<ForecastEvaluation.Result> results, int method, int j) {
    List<Double> v = new ArrayList<>();
    for (ForecastEvaluation.Result r : results) {
      for (double x : r.nrmse()[method][j]) {
        if (Double.isFinite(x)) {
          v.add(x);
        }
      }
    }
    return v;
  }
}
