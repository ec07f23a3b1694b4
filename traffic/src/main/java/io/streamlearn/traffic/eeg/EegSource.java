package io.streamlearn.traffic.eeg;

import io.streamlearn.traffic.eeg.SyntheticEeg;
import io.streamlearn.traffic.eeg.EdfReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** One recording to stream, block by block: synthetic (with its known episodes) or read from an EDF file. */
public interface EegSource {

  String recordingId();

  List<String> channelLabels();

  List<String> units();

  double sampleRateHz();

  /** Event time of the next sample. */
  long nextSampleMillis();

  boolean finished();

  /** The next block, channel-major; shorter at the end of the recording. */
  double[][] nextBlock(int samples);

  double durationSeconds();

  /** The injected episodes, the ground truth alerts are scored against; empty when unknown. */
  List<SyntheticEeg.Episode> episodes();

  /** The 10-20 system's 19 electrodes plus Fpz, Oz and the ear references, front to back (23 channels). */
  List<String> MONTAGE_23 = List.of("Fp1", "Fp2", "Fpz", "F7", "F3", "Fz", "F4", "F8", "A1", "T7", "C3", "Cz", "C4",
      "T8", "A2", "P7", "P3", "Pz", "P4", "P8", "O1", "Oz", "O2");

  /** Seeded synthetic recording {@code index} of a simulation. */
  static EegSource synthetic(EegSimulationSettings sim, String recordingId, int index) {
    SyntheticEeg eeg = new SyntheticEeg(sim.channels(), sim.sampleRateHz(), sim.durationSeconds(), sim.startMillis(),
        sim.seizuresPerHour(), sim.seed() * 1_000_003L + index);
    return synthetic(eeg, recordingId, sim.durationSeconds());
  }

  /** A synthetic recording as a source (labels: the 23-channel montage, or ch01, ch02, …). */
  static EegSource synthetic(SyntheticEeg eeg, String recordingId, double durationSeconds) {
    List<String> labels = eeg.channels() == MONTAGE_23.size() ? MONTAGE_23
        : IntStream.range(0, eeg.channels()).mapToObj(c -> String.format("ch%02d", c + 1)).toList();
    return new EegSource() {
      @Override
      public String recordingId() {
        return recordingId;
      }

      @Override
      public List<String> channelLabels() {
        return labels;
      }

      @Override
      public List<String> units() {
        return Collections.nCopies(labels.size(), "uV");
      }

      @Override
      public double sampleRateHz() {
        return eeg.sampleRate();
      }

      @Override
      public long nextSampleMillis() {
        return eeg.nextSampleMillis();
      }

      @Override
      public boolean finished() {
        return eeg.finished();
      }

      @Override
      public double[][] nextBlock(int samples) {
        return eeg.nextBlock(samples);
      }

      @Override
      public double durationSeconds() {
        return durationSeconds;
      }

      @Override
      public List<SyntheticEeg.Episode> episodes() {
        return eeg.episodes();
      }
    };
  }

  /**
   * The signals of an EDF recording that share its most common sample rate (a block has one rate;
   * e.g. an ECG or annotation channel at another rate is left out).
   *
   * @param startMillis event time of the first sample when the file's start date is unreadable
   */
  static EegSource edf(EdfReader.Recording recording, String recordingId, long startMillis) {
    Map<Double, Integer> byRate = new HashMap<>();
    recording.signals().forEach(s -> byRate.merge(s.sampleRate(), 1, Integer::sum));
    double rate = byRate.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    List<EdfReader.Signal> signals = recording.signals().stream().filter(s -> s.sampleRate() == rate).toList();
    long start = recording.firstSampleMillis() >= 0 ? recording.firstSampleMillis()
        : startMillis + Math.round(recording.startOffsetSeconds() * 1000);
    int total = signals.get(0).samples().length;
    List<String> labels = signals.stream().map(EdfReader.Signal::label).toList();
    List<String> units = signals.stream().map(EdfReader.Signal::physicalDimension).toList();
    return new EegSource() {
      private int next;

      @Override
      public String recordingId() {
        return recordingId;
      }

      @Override
      public List<String> channelLabels() {
        return labels;
      }

      @Override
      public List<String> units() {
        return units;
      }

      @Override
      public double sampleRateHz() {
        return rate;
      }

      @Override
      public long nextSampleMillis() {
        return start + Math.round(next * 1000.0 / rate);
      }

      @Override
      public boolean finished() {
        return next >= total;
      }

      @Override
      public double[][] nextBlock(int samples) {
        int n = Math.min(samples, total - next);
        double[][] block = new double[signals.size()][];
        for (int c = 0; c < block.length; c++) {
          block[c] = Arrays.copyOfRange(signals.get(c).samples(), next, next + n);
        }
        next += n;
        return block;
      }

      @Override
      public double durationSeconds() {
        return total / rate;
      }

      @Override
      public List<SyntheticEeg.Episode> episodes() {
        return List.of();
      }
    };
  }

  /** Signals of the file left out by {@link #edf} (another sample rate), for a notice to the user. */
  static List<String> leftOut(EdfReader.Recording recording, EegSource source) {
    List<String> out = new ArrayList<>();
    recording.signals().stream().filter(s -> s.sampleRate() != source.sampleRateHz())
        .forEach(s -> out.add(s.label() + " (" + s.sampleRate() + " Hz)"));
    return out;
  }
}
