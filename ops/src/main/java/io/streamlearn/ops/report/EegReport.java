package io.streamlearn.ops.report;

import io.streamlearn.traffic.eeg.EegSimulator;

import io.streamlearn.traffic.eeg.AlertQuality;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The EEG simulator's verdict: blocks in, predictions and alerts out, alert quality against the known episodes. */
public final class EegReport {

  private EegReport() {}

  /** Alert quality over every recording with known episodes; null if none has any. */
  public static AlertQuality.Result quality(List<EegSimulator.RecordingResult> results) {
    return results.stream().map(EegSimulator.RecordingResult::quality).filter(Objects::nonNull)
        .reduce(AlertQuality.Result::plus).orElse(null);
  }

  public static void print(List<EegSimulator.RecordingResult> results, PrintStream out) {
    out.printf("  %-24s %8s %9s %12s %7s %9s%n", "recording", "minutes", "blocks", "predictions", "alerts", "episodes");
    for (EegSimulator.RecordingResult r : results) {
      out.printf("  %-24s %8.1f %,9d %,12d %7d %9s%n", r.recordingId(), r.seconds() / 60, r.blocks(), r.predictions(),
          r.alerts(), r.quality() == null ? "unknown" : r.quality().detected() + "/" + r.quality().episodes());
    }
    long unpredicted = results.stream().mapToLong(r -> r.blocks() - r.predictions()).sum();
    if (unpredicted > 0) {
      out.printf("  %,d blocks have no prediction yet: see eeg.dlq (a recording id streamed before takes no older"
          + " blocks: they are late) or wait longer%n", unpredicted);
    }
    AlertQuality.Result q = quality(results);
    if (q == null) {
      out.println("  (no known episodes: alert quality not measured)");
      return;
    }
    out.printf("  alert quality: episodes detected %d/%d (recall %.2f), false alarms %d (%.2f per hour of signal),"
        + " median detection delay %s%n", q.detected(), q.episodes(), q.recall(), q.falseAlarms(), q.falseAlarmsPerHour(),
        q.delaysMillis().isEmpty() ? "-" : String.format("%.1f s", Percentiles.median(q.delaysMillis()) / 1000));
    out.println("  (any-overlap scoring; delay = episode start to the alert's publication, in event time)");
  }

  /** The same numbers for summary.json. */
  public static Map<String, Object> json(List<EegSimulator.RecordingResult> results) {
    List<Map<String, Object>> recordings = new ArrayList<>();
    for (EegSimulator.RecordingResult r : results) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("recording", r.recordingId());
      m.put("minutes", r.seconds() / 60);
      m.put("blocks", r.blocks());
      m.put("predictions", r.predictions());
      m.put("alerts", r.alerts());
      m.put("episodes", r.quality() == null ? null : r.quality().episodes());
      m.put("episodes_detected", r.quality() == null ? null : r.quality().detected());
      recordings.add(m);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("recordings", recordings);
    AlertQuality.Result q = quality(results);
    if (q != null) {
      Map<String, Object> quality = new LinkedHashMap<>();
      quality.put("episodes", q.episodes());
      quality.put("detected", q.detected());
      quality.put("recall", q.recall());
      quality.put("false_alarms", q.falseAlarms());
      quality.put("false_alarms_per_hour", q.falseAlarmsPerHour());
      quality.put("median_delay_s", q.delaysMillis().isEmpty() ? null : Percentiles.median(q.delaysMillis()) / 1000);
      json.put("alert_quality", quality);
    }
    return json;
  }
}
