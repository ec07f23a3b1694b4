package io.streamlearn.lab.backtest;

import static io.streamlearn.lab.report.ReportHtml.num;

import io.streamlearn.lab.eeg.SzCore;
import io.streamlearn.lab.report.Charts;
import io.streamlearn.lab.report.ReportHtml;
import io.streamlearn.ops.report.Percentiles;
import io.streamlearn.ops.report.ResultsWriter;
import io.streamlearn.streams.eeg.EegDomain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What an EEG backtest writes: summary.json, scores.csv, nrmse.csv, alerts.csv, a timeline PNG per recording, report.html. */
final class EegReport {

  private EegReport() {}

  static void write(Path out, EegInput input, List<EegBacktest.Run> runs, String command) throws IOException {
    Map<String, Object> configurations = new LinkedHashMap<>();
    List<List<String>> rows = new ArrayList<>();
    List<List<String>> nrmseRows = new ArrayList<>();
    List<List<String>> alertRows = new ArrayList<>();
    Map<String, List<Object>> scoreCols = new LinkedHashMap<>();
    for (String c : List.of("configuration", "recording", "time_s", "anomaly_score")) {
      scoreCols.put(c, new ArrayList<>());
    }
    for (EegBacktest.Run run : runs) {
      Map<String, Object> recordings = new LinkedHashMap<>();
      for (int i = 0; i < run.scores().size(); i++) {
        EegScores s = run.scores().get(i);
        EegInput.Recording rec = input.recordings.get(i);
        recordings.put(s.recording(), recordingSummary(s, rec));
        SzCore.Score z = s.szcore();
        rows.add(List.of(run.configuration().label(), s.recording(), num(rec.seconds(), 0) + " s",
            s.notScored() != null ? "none" : num(s.scoredFromSeconds(), 1) + " – " + num(rec.seconds(), 0) + " s",
            counted(rec.events().size(), z.referenceEvents()), counted(s.alerts().size(), z.hypothesisEvents()),
            num(z.sensitivity(), 2),
            num(z.precision(), 2), num(z.f1(), 2), num(z.falsePositivesPer24h(), 1), num(Percentiles.median(z.delays()), 1),
            s.anyOverlap().detected() + "/" + s.anyOverlap().episodes() + "; " + s.anyOverlap().falseAlarms() + " false",
            num(EegScores.median(s.forecastNrmse()), 3), num(EegScores.median(s.persistenceNrmse()), 3)));
        s.forecastNrmse().forEach((ch, v) -> nrmseRows.add(List.of(run.configuration().label(), s.recording(), ch,
            num(v, 4), num(s.persistenceNrmse().get(ch), 4))));
        s.alerts().forEach(a -> alertRows.add(List.of(run.configuration().label(), s.recording(), num(a.start(), 2),
            num(a.end(), 2), num(a.raisedAt(), 2))));
        for (int k = 0; k < s.times().length; k++) {
          scoreCols.get("configuration").add(run.configuration().label());
          scoreCols.get("recording").add(s.recording());
          scoreCols.get("time_s").add(s.times()[k]);
          scoreCols.get("anomaly_score").add(s.score()[k]);
        }
      }
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("recordings", recordings);
      c.put("replay", Map.of("records", run.outputs().inputs(), "seconds", run.outputs().seconds(),
          "records_per_s", run.recordsPerSecond(), "x_real_time", run.realTimeFactor(), "signal_seconds", run.signalSeconds()));
      c.put("dead_letters", run.outputs().deadLetters(EegDomain.DEAD_LETTERS));
      configurations.put(run.configuration().label(), c);
    }
    ResultsWriter.writeSummary(out, Map.of("configurations", configurations));
    List<String> header = List.of("configuration", "recording", "length", "scored", "events", "alerts", "sensitivity",
        "precision", "F1", "FP/24 h", "median delay s", "any-overlap", "NRMSE median", "persistence NRMSE");
    ResultsWriter.writeCsv(out.resolve("recordings.csv"), header, ReportHtml.csvColumns(rows));
    List<String> nrmseHeader = List.of("configuration", "recording", "channel", "model NRMSE", "persistence NRMSE");
    ResultsWriter.writeCsv(out.resolve("nrmse.csv"), nrmseHeader, ReportHtml.csvColumns(nrmseRows));
    if (!alertRows.isEmpty()) {
      ResultsWriter.writeCsv(out.resolve("alerts.csv"), List.of("configuration", "recording", "start_s", "end_s",
          "raised_s"), ReportHtml.csvColumns(alertRows));
    }
    ResultsWriter.writeCsv(out.resolve("scores.csv"), new ArrayList<>(scoreCols.keySet()), new ArrayList<>(scoreCols.values()));

    ReportHtml html = new ReportHtml("EEG backtest");
    html.paragraph(input.recordings.size() + " recording(s) replayed through the EEG path (decode → recording actor →"
        + " reservoir, readout, score, alerts → encode) per configuration, as fast as it goes, in event time.");
    List<List<String>> speed = new ArrayList<>();
    for (EegBacktest.Run run : runs) {
      speed.add(List.of(run.configuration().label(), Long.toString(run.outputs().inputs()), num(run.outputs().seconds(), 1),
          num(run.recordsPerSecond(), 0), num(run.realTimeFactor(), 1) + "×",
          run.outputs().deadLetters(EegDomain.DEAD_LETTERS).toString()));
    }
    html.heading("Replay speed");
    html.table(List.of("configuration", "blocks", "seconds", "blocks/s", "real time", "dead letters by reason"), speed);
    html.heading("Scores per recording");
    html.paragraph("SzCORE event scoring (30 s before and 60 s after each event tolerated, events closer than 90 s"
        + " merged, longer than 5 min split; in brackets the events and alerts it counts after that) beside the"
        + " any-overlap rule of the demo. Forecast NRMSE: RMSE of the one-step"
        + " forecast over the recording's second half divided by the channel's standard deviation there, median over"
        + " channels; persistence (next sample = this sample) on the same samples.");
    html.table(header, rows);
    for (int i = 0; i < input.recordings.size(); i++) {
      EegInput.Recording rec = input.recordings.get(i);
      html.subheading(rec.id());
      html.paragraph("Source " + rec.source() + ", " + rec.channels().size() + " channels at " + num(rec.sampleRate(), 1)
          + " Hz; annotated events from " + rec.eventSource() + ": " + rec.events().size() + ".");
      for (EegBacktest.Run run : runs) {
        EegScores s = run.scores().get(i);
        if (s.notScored() != null) {
          html.paragraph(run.configuration().label() + ": " + s.notScored() + ".");
        }
        Map<String, double[]> line = Map.of("anomaly score (" + run.configuration().label() + ")", s.score());
        Map<String, List<double[]>> bands = new LinkedHashMap<>();
        bands.put("alerts", s.alerts().stream().map(a -> new double[] {a.start(), a.end()}).toList());
        bands.put("annotated events", EegScores.intervals(rec.events()));
        Path png = out.resolve(safe(rec.id()) + "-" + safe(run.configuration().label()) + ".png");
        Charts.writePng(png, Charts.timeline(rec.id() + ": anomaly score, alerts and annotated events ("
            + run.configuration().label() + ")", "seconds from the recording's start", "anomaly score", s.times(), line, bands));
        html.figure(png, rec.id() + ", " + run.configuration().label());
      }
      rec.warnings().forEach(w -> html.paragraph("Warning: " + w));
    }
    html.heading("Forecast NRMSE per channel");
    html.table(nrmseHeader, nrmseRows);
    html.write(out, command);
  }

  private static Map<String, Object> recordingSummary(EegScores s, EegInput.Recording rec) {
    Map<String, Object> m = new LinkedHashMap<>();
    SzCore.Score z = s.szcore();
    m.put("szcore", Map.of("sensitivity", z.sensitivity(), "precision", z.precision(), "f1", z.f1(),
        "fp_per_24h", z.falsePositivesPer24h()));
    m.put("detection_delay_s", z.delays());
    m.put("any_overlap", Map.of("episodes", s.anyOverlap().episodes(), "detected", s.anyOverlap().detected(),
        "false_alarms", s.anyOverlap().falseAlarms()));
    m.put("forecast_nrmse", s.forecastNrmse());
    m.put("forecast_nrmse_median", EegScores.median(s.forecastNrmse()));
    m.put("persistence_nrmse_median", EegScores.median(s.persistenceNrmse()));
    Map<String, Object> scored = new LinkedHashMap<>();
    scored.put("from_s", s.scoredFromSeconds());
    scored.put("to_s", rec.seconds());
    scored.put("reason", s.notScored() == null ? "scored from the first block with an anomaly score" : s.notScored());
    m.put("scored", scored);
    m.put("events", rec.events().size());
    m.put("alerts", s.alerts().size());
    m.put("predictions", s.predictions());
    return m;
  }

  /** A count, with SzCORE's count after merging and splitting when that differs ("1 (2)"). */
  private static String counted(int raw, int scored) {
    return raw == scored ? Integer.toString(raw) : raw + " (" + scored + ")";
  }

  private static String safe(String s) {
    return s.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
