package io.streamlearn.ops.http.dashboard;

import io.streamlearn.schemas.EegAlert;
import io.streamlearn.schemas.EegPrediction;
import io.streamlearn.schemas.EegSampleBlock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One recording as the dashboard shows it: the last {@code keepSeconds} of raw samples per channel
 * in a ring, the predictions and alerts of that span, and totals for the list. One thread writes
 * (the output tail), frame builders read; every access holds the object's lock, and a reader copies
 * what it needs out of the lock.
 */
final class RecordingTrace {

  /** One prediction: forecast and error per channel at the forecast's time, and the block's score. */
  record Prediction(long forecastTime, float[] forecast, float[] error, double score) {}

  private static final int MAX_ALERTS = 200;

  private final String id;
  private final double keepSeconds;
  private List<String> labels = List.of();
  private List<String> units = List.of();
  private double sampleRate;
  private float[][] ring = new float[0][0];
  /** Samples written since the segment started; the ring holds the last min(written, capacity). */
  private long written;
  /** Event time of the segment's first sample. */
  private long segmentStart;
  private long totalSamples;
  private final Deque<Prediction> predictions = new ArrayDeque<>();
  private final List<EegAlert> alerts = new ArrayList<>();
  /** Bumped by every change, so a page is sent a frame only when there is something new. */
  private long version;

  RecordingTrace(String id, double keepSeconds) {
    this.id = id;
    this.keepSeconds = keepSeconds;
  }

  /** Whether a block has the shape the ring needs (the pipeline dead-letters the others). */
  static boolean drawable(EegSampleBlock block) {
    int channels = block.getChannelLabels().size();
    if (channels == 0 || block.getSamples().size() != channels || block.getUnits().size() != channels
        || !(block.getSampleRateHz() > 0 && block.getSampleRateHz() <= 100_000)) {
      return false;
    }
    int n = block.getSamples().get(0).size();
    return block.getSamples().stream().allMatch(s -> s.size() == n);
  }

  /** Adds a {@link #drawable} block. */
  synchronized void addBlock(EegSampleBlock block) {
    int channels = block.getChannelLabels().size();
    int n = block.getSamples().get(0).size();
    long start = block.getEventTime().toEpochMilli();
    boolean layoutChanged = channels != ring.length || block.getSampleRateHz() != sampleRate;
    // A gap or overlap of more than one sample starts a new segment: the ring's times stay exact.
    boolean contiguous = Math.abs(start - timeOf(written)) <= 1000.0 / Math.max(1, sampleRate);
    if (layoutChanged || !contiguous) {
      sampleRate = block.getSampleRateHz();
      labels = List.copyOf(block.getChannelLabels());
      units = List.copyOf(block.getUnits());
      ring = new float[channels][(int) Math.ceil(keepSeconds * sampleRate) + n];
      written = 0;
      segmentStart = start;
    }
    int capacity = ring.length == 0 ? 0 : ring[0].length;
    for (int c = 0; c < channels; c++) {
      List<Float> samples = block.getSamples().get(c);
      for (int i = 0; i < n; i++) {
        ring[c][(int) ((written + i) % capacity)] = samples.get(i);
      }
    }
    written += n;
    totalSamples += n;
    version++;
  }

  synchronized void addPrediction(EegPrediction p) {
    predictions.addLast(new Prediction(p.getForecastTime().toEpochMilli(), floats(p.getForecast()),
        floats(p.getChannelError()), p.getAnomalyScore()));
    long oldest = p.getForecastTime().toEpochMilli() - (long) (keepSeconds * 1000);
    while (!predictions.isEmpty() && predictions.peekFirst().forecastTime() < oldest) {
      predictions.removeFirst();
    }
    version++;
  }

  /** An episode's end replaces its opening record; artifacts are added as they come. */
  synchronized void addAlert(EegAlert alert) {
    for (int i = alerts.size() - 1; i >= 0; i--) {
      EegAlert known = alerts.get(i);
      if (known.getEventType() == alert.getEventType() && known.getStartTime().equals(alert.getStartTime())) {
        alerts.set(i, alert);
        version++;
        return;
      }
    }
    alerts.add(alert);
    if (alerts.size() > MAX_ALERTS) {
      alerts.remove(0);
    }
    version++;
  }

  synchronized long version() {
    return version;
  }

  String id() {
    return id;
  }

  /** What the recordings list shows. */
  record Summary(String id, int channels, double sampleRate, double minutesSeen, double score, boolean alerting) {}

  synchronized Summary summary() {
    double score = predictions.isEmpty() ? Double.NaN : predictions.peekLast().score();
    boolean open = alerts.stream().anyMatch(a -> a.getEndTime() == null && a.getEventType().name().equals("episode"));
    return new Summary(id, labels.size(), sampleRate, sampleRate == 0 ? 0 : totalSamples / sampleRate / 60, score, open);
  }

  synchronized List<String> labels() {
    return labels;
  }

  /**
   * A copy of what a frame over the last {@code seconds} (plus {@code padSeconds} before) needs:
   * the samples of the channels {@code wanted} (null for the others), the predictions and alerts.
   */
  record Window(List<String> labels, List<String> units, double sampleRate, long firstTime, int length,
      float[][] samples, List<Prediction> predictions, List<EegAlert> alerts) {

    /** Event time of sample {@code i} of {@link #samples}. */
    double timeOf(int i) {
      return firstTime + i * 1000.0 / sampleRate;
    }
  }

  synchronized Window window(double seconds, double padSeconds, boolean[] wanted) {
    int capacity = ring.length == 0 ? 0 : ring[0].length;
    long held = Math.min(written, capacity);
    int length = (int) Math.min(held, (long) Math.ceil((seconds + padSeconds) * sampleRate));
    long from = written - length;
    float[][] copy = new float[ring.length][];
    for (int c = 0; c < ring.length; c++) {
      if (c >= wanted.length || !wanted[c]) {
        continue;
      }
      copy[c] = new float[length];
      for (int i = 0; i < length; i++) {
        copy[c][i] = ring[c][(int) ((from + i) % capacity)];
      }
    }
    long firstTime = Math.round(timeOf(from));
    return new Window(labels, units, sampleRate, firstTime, length, copy, new ArrayList<>(predictions),
        List.copyOf(alerts));
  }

  private double timeOf(long sampleIndex) {
    return segmentStart + sampleIndex * 1000.0 / Math.max(1e-9, sampleRate);
  }

  private static float[] floats(List<Float> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
