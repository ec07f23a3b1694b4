package io.streamlearn.lab.backtest;

import io.streamlearn.ops.cli.UserError;
import io.streamlearn.schemas.EegSampleBlock;
import io.streamlearn.streams.eeg.EegDomain;
import io.streamlearn.traffic.eeg.AnnotatedEvents;
import io.streamlearn.traffic.eeg.EdfReader;
import io.streamlearn.traffic.eeg.EegSimulator;
import io.streamlearn.traffic.eeg.EegSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * The EEG input of a backtest: EDF/EDF+ files (one recording each; blocks cut as the acquisition
 * simulator cuts them) or the {@code eeg.samples} of a recording file, as {@code eeg.samples}
 * records, with what scoring needs per recording: its samples, its span and its annotated events.
 */
final class EegInput {

  /** One recording: channel-major samples, first-sample time, annotated events (seconds from the start). */
  record Recording(String id, String source, List<String> channels, double sampleRate, long startMillis, double[][] samples,
      List<AnnotatedEvents.Event> events, String eventSource, List<String> warnings) {

    double seconds() {
      return samples[0].length / sampleRate;
    }
  }

  final List<Recording> recordings;
  final List<ConsumerRecord<byte[], byte[]>> records;

  private EegInput(List<Recording> recordings, List<ConsumerRecord<byte[], byte[]>> records) {
    this.recordings = recordings;
    this.records = records;
  }

  /**
   * @param events a BIDS events.tsv for a single EDF file (null: the file's EDF+ annotations, or a
   *     sibling {@code <name>_events.tsv})
   */
  static EegInput ofEdf(List<Path> files, Path events, Pattern eventText, long blockMillis, long fallbackStartMillis) {
    List<Recording> recordings = new ArrayList<>();
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (Path file : files) {
      EdfReader.Recording edf;
      try {
        edf = EdfReader.read(file);
      } catch (IOException e) {
        String m = String.valueOf(e.getMessage());
        throw new UserError(m.startsWith(file.toString()) ? m : file + ": cannot read: " + m);
      }
      if (edf.signals().isEmpty() || edf.records() == 0) {
        throw new UserError(file + ": no signal samples to replay");
      }
      String id = file.getFileName().toString().replaceFirst("(?i)\\.edf$", "");
      EegSource source = EegSource.edf(edf, id, fallbackStartMillis);
      double[][] samples = new double[source.channelLabels().size()][];
      List<String> labels = source.channelLabels();
      for (int c = 0; c < samples.length; c++) {
        samples[c] = edf.signal(labels.get(c)).samples();
      }
      long start = source.nextSampleMillis();
      int perBlock = (int) Math.max(1, Math.round(blockMillis * source.sampleRateHz() / 1000));
      while (!source.finished()) {
        long t = source.nextSampleMillis();
        byte[] value = EegSimulator.encode(source, t, source.nextBlock(perBlock));
        records.add(record(id, records.size(), t, value));
      }
      Path tsv = events != null ? events : sibling(file).orElse(null);
      List<AnnotatedEvents.Event> annotated;
      String from;
      try {
        annotated = tsv != null ? AnnotatedEvents.readBidsTsv(tsv) : AnnotatedEvents.fromEdf(edf, eventText);
      } catch (IOException e) {
        throw new UserError(e.getMessage());
      }
      from = tsv != null ? tsv.toString() : "EDF+ annotations matching /" + eventText.pattern() + "/";
      List<String> warnings = new ArrayList<>(edf.warnings());
      EegSource.leftOut(edf, source).forEach(s -> warnings.add(file + ": signal " + s + " left out (another sample rate)"));
      recordings.add(new Recording(id, file.toString(), labels, source.sampleRateHz(), start, samples, annotated, from,
          warnings));
    }
    return new EegInput(recordings, records);
  }

  /** The eeg.samples of a recording file; their events are unknown. */
  static EegInput ofRecording(RecordedInput input) {
    List<ConsumerRecord<byte[], byte[]>> records = input.topic(EegDomain.SAMPLES);
    Map<String, List<EegSampleBlock>> blocks = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      try {
        EegSampleBlock b = EegDomain.SAMPLES_CODEC.decode(r.value());
        blocks.computeIfAbsent(b.getRecordingId(), k -> new ArrayList<>()).add(b);
      } catch (RuntimeException e) {
        // Undecodable blocks go through the replay too and are counted there as dead letters.
      }
    }
    List<Recording> recordings = new ArrayList<>();
    blocks.forEach((id, list) -> {
      int channels = list.get(0).getSamples().size();
      int total = list.stream().mapToInt(b -> b.getSamples().get(0).size()).sum();
      double[][] samples = new double[channels][total];
      int at = 0;
      for (EegSampleBlock b : list) {
        int n = b.getSamples().get(0).size();
        for (int c = 0; c < channels && c < b.getSamples().size(); c++) {
          for (int i = 0; i < n && i < b.getSamples().get(c).size(); i++) {
            samples[c][at + i] = b.getSamples().get(c).get(i);
          }
        }
        at += n;
      }
      recordings.add(new Recording(id, input.file.toString(), list.get(0).getChannelLabels(), list.get(0).getSampleRateHz(),
          list.get(0).getEventTime().toEpochMilli(), samples, List.of(), "none (a recording file carries no annotations)",
          List.of()));
    });
    return new EegInput(recordings, records);
  }

  /** SzCORE's layout: {@code X_eeg.edf} next to {@code X_events.tsv}; also {@code X_events.tsv} for {@code X.edf}. */
  private static Optional<Path> sibling(Path edf) {
    String name = edf.getFileName().toString().replaceFirst("(?i)\\.edf$", "");
    for (String candidate : List.of(name.replaceFirst("_eeg$", "") + "_events.tsv", name + "_events.tsv")) {
      Path p = edf.resolveSibling(candidate);
      if (Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static ConsumerRecord<byte[], byte[]> record(String id, long offset, long time, byte[] value) {
    byte[] key = id.getBytes(StandardCharsets.UTF_8);
    return new ConsumerRecord<>(EegDomain.SAMPLES, 0, offset, time, TimestampType.CREATE_TIME, key.length, value.length,
        key, value, new RecordHeaders(), Optional.empty());
  }
}
