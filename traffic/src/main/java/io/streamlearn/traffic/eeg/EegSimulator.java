package io.streamlearn.traffic.eeg;

import io.streamlearn.traffic.eeg.AlertQuality;
import io.streamlearn.traffic.eeg.SyntheticEeg;
import io.streamlearn.schemas.EegAlert;
import io.streamlearn.schemas.EegEventType;
import io.streamlearn.schemas.EegPrediction;
import io.streamlearn.schemas.EegSampleBlock;
import io.streamlearn.streams.kafka.CommittedReader;
import io.streamlearn.streams.kafka.KafkaClients;
import io.streamlearn.streams.eeg.EegDomain;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Streams EEG recordings into {@code eeg.samples}, standing in for acquisition systems: blocks of
 * all recordings interleaved in event-time order, paced at a multiple of real time (or as fast as
 * the broker takes them). It then reads what the pipeline made of them from {@code eeg.predictions}
 * and {@code eeg.alerts} (from where those topics ended when it started) and scores the alerts
 * against the recordings' known episodes.
 */
public final class EegSimulator implements AutoCloseable {

  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> outputs;
  private final List<EegSource> sources = new ArrayList<>();
  private final Map<String, Long> blocksSent = new LinkedHashMap<>();
  private final Map<String, Long> lastBlockStart = new HashMap<>();
  private final Map<String, Long> predictions = new HashMap<>();
  /** Per recording, the newest block start that has its prediction. */
  private final Map<String, Long> predictedUpTo = new HashMap<>();
  private final Map<String, Map<Long, AlertRecord>> alerts = new HashMap<>();

  /** An alert episode as published: opened at {@code raisedAtMillis}, ended at {@code endMillis} (null: open). */
  private record AlertRecord(long startMillis, Long endMillis, long raisedAtMillis) {}

  /** What came back for one recording, with its alert quality (null without known episodes). */
  public record RecordingResult(String recordingId, double seconds, long blocks, long predictions, int alerts,
      AlertQuality.Result quality) {}

  public EegSimulator(KafkaClients kafka) {
    producer = kafka.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "5"));
    outputs = CommittedReader.consumer(kafka, Map.of());
    List<TopicPartition> partitions = Stream.of(EegDomain.PREDICTIONS, EegDomain.ALERTS)
        .flatMap(topic -> outputs.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(info -> new TopicPartition(topic, info.partition())))
        .toList();
    outputs.assign(partitions);
    outputs.seekToEnd(partitions);
    partitions.forEach(outputs::position);
  }

  /**
   * Streams every source to its end, blocks of {@code blockMillis}, in event-time order across
   * sources. {@code beforeBlock} runs before each block with its source (e.g. to slip in bad records).
   *
   * @param speed multiple of real time; 0 = as fast as possible
   */
  public void stream(List<EegSource> recordings, long blockMillis, double speed, BlockHook beforeBlock) {
    sources.addAll(recordings);
    long firstMillis = recordings.stream().mapToLong(EegSource::nextSampleMillis).min().orElse(0);
    long wallStart = System.nanoTime();
    while (true) {
      EegSource next = recordings.stream().filter(s -> !s.finished())
          .min(Comparator.comparingLong(EegSource::nextSampleMillis)).orElse(null);
      if (next == null) {
        break;
      }
      long start = next.nextSampleMillis();
      if (speed > 0) {
        long due = wallStart + (long) ((start - firstMillis) * 1e6 / speed);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          sleep(wait);
        }
      }
      beforeBlock.accept(next, start);
      int samples = (int) Math.max(1, Math.round(blockMillis * next.sampleRateHz() / 1000));
      send(next.recordingId(), encode(next, start, next.nextBlock(samples)));
      blocksSent.merge(next.recordingId(), 1L, Long::sum);
      lastBlockStart.put(next.recordingId(), start);
    }
    producer.flush();
  }

  /** Called before each block of a stream. */
  @FunctionalInterface
  public interface BlockHook {
    BlockHook NONE = (source, start) -> { };

    void accept(EegSource source, long blockStartMillis);
  }

  /** The Avro value of one block. */
  public static byte[] encode(EegSource source, long startMillis, double[][] samples) {
    List<List<Float>> channels = new ArrayList<>(samples.length);
    for (double[] channel : samples) {
      List<Float> values = new ArrayList<>(channel.length);
      for (double v : channel) {
        values.add((float) v);
      }
      channels.add(values);
    }
    return EegDomain.SAMPLES_CODEC.encode(new EegSampleBlock(source.recordingId(), Instant.ofEpochMilli(startMillis),
        source.sampleRateHz(), source.channelLabels(), source.units(), channels));
  }

  private void send(String recordingId, byte[] value) {
    producer.send(new ProducerRecord<>(EegDomain.SAMPLES, recordingId.getBytes(StandardCharsets.UTF_8), value));
  }

  /** Sends raw bytes to {@code eeg.samples}, e.g. malformed blocks to show where they go; returns where they went. */
  public RecordMetadata sendRaw(byte[] key, byte[] value) {
    try {
      return producer.send(new ProducerRecord<>(EegDomain.SAMPLES, key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot send to " + EegDomain.SAMPLES, e);
    }
  }

  /**
   * Reads predictions and alerts until every streamed recording's last block has its prediction
   * and the alerts committed with it are read, or the timeout passes; returns what came per recording.
   */
  public List<RecordingResult> awaitOutputs(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && !allPredicted()) {
      poll();
    }
    // Alerts of the last blocks commit in the same transactions as their predictions: read up to
    // the alerts' current end.
    List<TopicPartition> alertPartitions = outputs.assignment().stream()
        .filter(tp -> tp.topic().equals(EegDomain.ALERTS)).toList();
    Map<TopicPartition, Long> ends = outputs.endOffsets(alertPartitions);
    while (System.nanoTime() < deadline && ends.entrySet().stream().anyMatch(e -> outputs.position(e.getKey()) < e.getValue())) {
      poll();
    }
    List<RecordingResult> results = new ArrayList<>();
    for (EegSource source : sources) {
      String id = source.recordingId();
      List<AlertRecord> published = new ArrayList<>(alerts.getOrDefault(id, Map.of()).values());
      AlertQuality.Result quality = null;
      if (!source.episodes().isEmpty()) {
        List<AlertQuality.Alert> scored = published.stream().map(a -> new AlertQuality.Alert(a.startMillis(),
            a.endMillis() == null ? Long.MAX_VALUE : a.endMillis(), a.raisedAtMillis())).toList();
        quality = AlertQuality.score(source.episodes(), scored, source.durationSeconds() / 3600);
      }
      results.add(new RecordingResult(id, source.durationSeconds(), blocksSent.getOrDefault(id, 0L),
          predictions.getOrDefault(id, 0L), published.size(), quality));
    }
    return results;
  }

  private boolean allPredicted() {
    return lastBlockStart.keySet().stream().allMatch(id -> predictedUpTo.getOrDefault(id, Long.MIN_VALUE) >= lastBlockStart.get(id));
  }

  private void poll() {
    for (ConsumerRecord<byte[], byte[]> record : outputs.poll(Duration.ofMillis(100))) {
      if (record.topic().equals(EegDomain.PREDICTIONS)) {
        EegPrediction prediction = EegDomain.PREDICTION_CODEC.decode(record.value());
        String id = prediction.getRecordingId();
        predictions.merge(id, 1L, Long::sum);
        predictedUpTo.merge(id, prediction.getEventTime().toEpochMilli(), Math::max);
      } else {
        EegAlert alert = EegDomain.ALERT_CODEC.decode(record.value());
        if (alert.getEventType() == EegEventType.artifact) {
          continue; // short and huge, not an episode: the alerts scored are the episodes
        }
        long start = alert.getStartTime().toEpochMilli();
        Map<Long, AlertRecord> byStart = alerts.computeIfAbsent(alert.getRecordingId(), k -> new LinkedHashMap<>());
        AlertRecord opened = byStart.get(start);
        long raisedAt = opened != null ? opened.raisedAtMillis() : record.timestamp();
        byStart.put(start, new AlertRecord(start, alert.getEndTime() == null ? null : alert.getEndTime().toEpochMilli(), raisedAt));
      }
    }
  }

  /** Ground truth of every streamed synthetic recording: its episodes with their channels' labels. */
  public List<Map<String, Object>> groundTruth() {
    List<Map<String, Object>> truth = new ArrayList<>();
    for (EegSource source : sources) {
      for (SyntheticEeg.Episode e : source.episodes()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("recording_id", source.recordingId());
        row.put("start", Instant.ofEpochMilli(e.startMillis()).toString());
        row.put("end", Instant.ofEpochMilli(e.endMillis()).toString());
        row.put("channels", Arrays.stream(e.channels()).mapToObj(c -> source.channelLabels().get(c)).toList());
        truth.add(row);
      }
    }
    return truth;
  }

  private static void sleep(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pacing the stream", e);
    }
  }

  @Override
  public void close() {
    producer.close();
    outputs.close();
  }
}
