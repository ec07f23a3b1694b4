package io.streamlearn.ops.http.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlearn.ops.http.Json;
import io.streamlearn.schemas.EegAlert;
import java.util.List;

/**
 * One frame of the EEG page for one query: the chosen channels over the window, display-filtered
 * and cut to min/max per screen column, with the forecasts, errors and scores of the window and the
 * recording's alerts. Built from a copy of the recording, outside its lock.
 */
final class EegFrame {

  /** Signal before the window that the filters run over first, so the window opens settled. */
  static final double FILTER_PAD_SECONDS = 2.0;

  private EegFrame() {}

  static ObjectNode build(String id, RecordingTrace.Window w, EegQuery q, DashboardSettings settings) {
    ObjectNode frame = Json.MAPPER.createObjectNode();
    frame.put("type", "traces").put("recording", id);
    Montage montage = montage(w.labels(), q, settings);
    frame.put("montage", q.bipolar() ? "bipolar" : "referential");
    ArrayNode names = frame.putArray("names");
    montage.names().forEach(names::add);
    int n = w.length();
    double t1 = n == 0 ? w.firstTime() : w.timeOf(n - 1);
    double t0 = t1 - q.windowSeconds() * 1000;
    int from = Math.max(0, (int) Math.ceil((t0 - w.firstTime()) * w.sampleRate() / 1000));
    frame.put("t0", Math.round(t0)).put("t1", Math.round(t1)).put("sample_rate", w.sampleRate());
    frame.put("unit", w.units().isEmpty() ? "" : w.units().get(0));
    frame.put("raise", settings.raiseThreshold()).put("release", settings.releaseThreshold());

    // A channel whose samples were not copied (the recording's layout changed since) waits for the next frame.
    List<Integer> shown = q.channels().stream().filter(c -> c < montage.size() && montage.copied(c, w.samples()))
        .toList();
    ArrayNode channels = frame.putArray("channels");
    for (int c : shown) {
      float[] x = montage.signal(c, w.samples());
      filter(x, q, w.sampleRate());
      float[][] mm = MinMax.columns(x, from, n, q.columns());
      ObjectNode ch = channels.addObject().put("index", c).put("label", montage.names().get(c));
      rounded(ch.putArray("min"), mm[0]);
      rounded(ch.putArray("max"), mm[1]);
    }

    ArrayNode times = frame.putArray("prediction_times");
    ArrayNode scores = frame.putArray("score");
    ArrayNode forecasts = frame.putArray("forecast");
    ArrayNode errors = frame.putArray("error");
    for (int i = 0; i < shown.size(); i++) {
      forecasts.addArray();
      errors.addArray();
    }
    for (RecordingTrace.Prediction p : w.predictions()) {
      if (p.forecastTime() < t0) {
        continue;
      }
      times.add(p.forecastTime());
      number(scores, p.score());
      for (int i = 0; i < shown.size(); i++) {
        number((ArrayNode) forecasts.get(i), montage.value(shown.get(i), p.forecast()));
        number((ArrayNode) errors.get(i), montage.error(shown.get(i), p.error()));
      }
    }
    ArrayNode alerts = frame.putArray("alerts");
    for (EegAlert a : w.alerts()) {
      ObjectNode alert = alerts.addObject().put("type", a.getEventType().name())
          .put("start", a.getStartTime().toEpochMilli());
      if (a.getEndTime() == null) {
        alert.putNull("end");
      } else {
        alert.put("end", a.getEndTime().toEpochMilli());
      }
      if (Double.isFinite(a.getPeakScore())) {
        alert.put("peak", Math.round(a.getPeakScore() * 100) / 100.0);
      } else {
        alert.putNull("peak");
      }
      ArrayNode chs = alert.putArray("channels");
      a.getChannels().forEach(c -> chs.add(c.toString()));
    }
    return frame;
  }

  /** The montage a query shows of a recording with these channel labels. */
  static Montage montage(List<String> labels, EegQuery q, DashboardSettings settings) {
    return q.bipolar() ? Montage.bipolar(labels, settings.bipolarPairs()) : Montage.referential(labels);
  }

  private static void filter(float[] x, EegQuery q, double rate) {
    if (q.highPassHz() > 0) {
      DisplayFilter.highPass(q.highPassHz(), rate).apply(x);
    }
    if (q.lowPassHz() > 0) {
      DisplayFilter.lowPass(q.lowPassHz(), rate).apply(x);
    }
    if (q.notchHz() > 0) {
      DisplayFilter.notch(q.notchHz(), rate).apply(x);
    }
  }

  private static void rounded(ArrayNode out, float[] values) {
    for (float v : values) {
      number(out, v);
    }
  }

  /** Two decimals are below a screen pixel at any sensible sensitivity; NaN (no value) is null in JSON. */
  private static void number(ArrayNode out, double v) {
    if (Double.isFinite(v)) {
      out.add(Math.round(v * 100) / 100.0);
    } else {
      out.addNull();
    }
  }
}
