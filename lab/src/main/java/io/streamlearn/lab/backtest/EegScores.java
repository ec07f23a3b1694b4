package io.streamlearn.lab.backtest;

import com.typesafe.config.Config;
import io.streamlearn.lab.eeg.SzCore;
import io.streamlearn.ops.report.Percentiles;
import io.streamlearn.schemas.EegAlert;
import io.streamlearn.schemas.EegPrediction;
import io.streamlearn.streams.eeg.EegDomain;
import io.streamlearn.traffic.eeg.AlertQuality;
import io.streamlearn.traffic.eeg.AnnotatedEvents;
import io.streamlearn.traffic.eeg.SyntheticEeg;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One recording's outputs scored: the forecast NRMSE per channel (RMSE of the one-step error that
 * eeg.predictions reports per block, over the second half of the recording, divided by the channel's
 * standard deviation there; persistence, "next sample = this one", on the same samples beside it),
 * the part of the recording that got an anomaly score, the alerts against the annotated events by
 * SzCORE and by the any-overlap rule the demo prints.
 *
 * @param scoredFromSeconds first block with a score (NaN: none), {@code notScored} why not
 * @param score the anomaly score per block, at {@code times} (seconds from the start)
 * @param alerts alert intervals as scored, in seconds from the start
 */
record EegScores(String recording, Map<String, Double> forecastNrmse, Map<String, Double> persistenceNrmse,
    double scoredFromSeconds, String notScored, SzCore.Score szcore, AlertQuality.Result anyOverlap, double[] times,
    double[] score, List<SzCore.Event> alerts, int predictions) {

  static EegScores of(EegInput.Recording rec, List<ProducerRecord<byte[], byte[]>> outputs, Config config) {
    List<EegPrediction> predictions = new ArrayList<>();
    Map<Long, double[]> alertByStart = new LinkedHashMap<>(); // start → {end or NaN, raisedAt}
    for (ProducerRecord<byte[], byte[]> r : outputs) {
      if (r.key() == null || !new String(r.key(), StandardCharsets.UTF_8).equals(rec.id())) {
        continue;
      }
      if (r.topic().equals(EegDomain.PREDICTIONS)) {
        predictions.add(EegDomain.PREDICTION_CODEC.decode(r.value()));
      } else if (r.topic().equals(EegDomain.ALERTS)) {
        EegAlert a = EegDomain.ALERT_CODEC.decode(r.value());
        long start = a.getStartTime().toEpochMilli();
        double[] seen = alertByStart.computeIfAbsent(start, s -> new double[] {Double.NaN, r.timestamp()});
        if (a.getEndTime() != null) {
          seen[0] = a.getEndTime().toEpochMilli();
        }
      }
    }
    double seconds = rec.seconds();
    double half = seconds / 2;
    int channels = rec.channels().size();
    double[] sse = new double[channels];
    double[] n = new double[channels];
    double[] times = new double[predictions.size()];
    double[] score = new double[predictions.size()];
    double scoredFrom = Double.NaN;
    for (int i = 0; i < predictions.size(); i++) {
      EegPrediction p = predictions.get(i);
      double t = (p.getEventTime().toEpochMilli() - rec.startMillis()) / 1000.0;
      times[i] = t;
      score[i] = p.getAnomalyScore();
      if (Double.isNaN(scoredFrom) && Double.isFinite(p.getAnomalyScore())) {
        scoredFrom = t;
      }
      double blockSamples = (p.getForecastTime().toEpochMilli() - p.getEventTime().toEpochMilli()) / 1000.0 * rec.sampleRate();
      if (t >= half) {
        for (int c = 0; c < channels && c < p.getChannelError().size(); c++) {
          double e = p.getChannelError().get(c);
          sse[c] += e * e * blockSamples;
          n[c] += blockSamples;
        }
      }
    }
    Map<String, Double> model = new LinkedHashMap<>();
    Map<String, Double> persistence = new LinkedHashMap<>();
    int from = (int) Math.floor(half * rec.sampleRate());
    for (int c = 0; c < channels; c++) {
      double std = std(rec.samples()[c], from);
      model.put(rec.channels().get(c), n[c] > 0 && std > 0 ? Math.sqrt(sse[c] / n[c]) / std : Double.NaN);
      persistence.put(rec.channels().get(c), std > 0 ? persistenceRmse(rec.samples()[c], from) / std : Double.NaN);
    }
    List<SzCore.Event> alerts = new ArrayList<>();
    List<AlertQuality.Alert> anyOverlapAlerts = new ArrayList<>();
    long endMillis = rec.startMillis() + Math.round(seconds * 1000);
    alertByStart.forEach((start, v) -> {
      long end = Double.isNaN(v[0]) ? endMillis : (long) v[0];
      alerts.add(new SzCore.Event((start - rec.startMillis()) / 1000.0, (end - rec.startMillis()) / 1000.0,
          (v[1] - rec.startMillis()) / 1000.0));
      anyOverlapAlerts.add(new AlertQuality.Alert(start, Double.isNaN(v[0]) ? Long.MAX_VALUE : end, (long) v[1]));
    });
    List<SzCore.Event> reference = rec.events().stream()
        .map(e -> new SzCore.Event(e.onsetSeconds(), e.endSeconds())).toList();
    List<SyntheticEeg.Episode> episodes = rec.events().stream().map(e -> new SyntheticEeg.Episode(
        rec.startMillis() + Math.round(e.onsetSeconds() * 1000), rec.startMillis() + Math.round(e.endSeconds() * 1000),
        new int[0])).toList();
    return new EegScores(rec.id(), model, persistence, scoredFrom, Double.isNaN(scoredFrom) ? whyNot(seconds, config) : null,
        SzCore.score(reference, alerts, seconds, SzCore.Params.DEFAULT),
        AlertQuality.score(episodes, anyOverlapAlerts, seconds / 3600), times, score, alerts, predictions.size());
  }

  /** The reason a recording got no score, from the settings that decide when scoring starts. */
  private static String whyNot(double seconds, Config config) {
    String warmup = config.hasPath("streamlearn.eeg.score-warmup")
        ? config.getDuration("streamlearn.eeg.score-warmup").toMillis() / 1000.0 + " s" : "its warm-up";
    return String.format(java.util.Locale.ROOT, "not scored: the recording's %.1f s of signal end before a score exists"
        + " (streamlearn.eeg.score-warmup = %s); a shorter score-warmup (not below adaptation) would score it", seconds,
        warmup);
  }

  static double median(Map<String, Double> perChannel) {
    return Percentiles.median(perChannel.values().stream().filter(Double::isFinite).toList());
  }

  private static double std(double[] x, int from) {
    double s = 0;
    double ss = 0;
    int n = x.length - from;
    for (int i = from; i < x.length; i++) {
      s += x[i];
      ss += x[i] * x[i];
    }
    double var = n > 1 ? ss / n - (s / n) * (s / n) : 0;
    return var > 0 ? Math.sqrt(var) : 0;
  }

  private static double persistenceRmse(double[] x, int from) {
    double ss = 0;
    int n = 0;
    for (int i = Math.max(1, from); i < x.length; i++) {
      double d = x[i] - x[i - 1];
      ss += d * d;
      n++;
    }
    return n == 0 ? Double.NaN : Math.sqrt(ss / n);
  }

  /** Annotated events, for figures: start and end in seconds. */
  static List<double[]> intervals(List<AnnotatedEvents.Event> events) {
    return events.stream().map(e -> new double[] {e.onsetSeconds(), e.endSeconds()}).toList();
  }
}
