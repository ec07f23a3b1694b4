package io.streamlearn.traffic.eeg;

import io.streamlearn.schemas.EegSampleBlock;
import io.streamlearn.streams.eeg.EegDomain;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** One of each kind of bad EEG block for a recording under way, with the reason the pipeline must give it. */
public final class MalformedEeg {

  /** A bad record and the dead-letter reason and detail fragment it must produce. */
  public record Sample(byte[] key, byte[] value, String reason, String detailContains) {}

  private MalformedEeg() {}

  /**
   * @param previousStartMillis start of the recording's last block sent
   * @param nextStartMillis start of its next block
   */
  public static List<Sample> samples(EegSource recording, long previousStartMillis, long nextStartMillis, int samples) {
    String id = recording.recordingId();
    byte[] key = id.getBytes(StandardCharsets.UTF_8);
    List<String> labels = recording.channelLabels();
    List<String> units = recording.units();
    double rate = recording.sampleRateHz();
    int channels = labels.size();
    List<List<Float>> flat = Collections.nCopies(channels, Collections.nCopies(samples, 1f));
    List<List<Float>> withNaN = new ArrayList<>(flat);
    List<Float> nanChannel = new ArrayList<>(flat.get(0));
    nanChannel.set(samples / 2, Float.NaN);
    withNaN.set(channels - 1, nanChannel);
    List<List<Float>> withInfinity = new ArrayList<>(flat);
    withInfinity.set(0, Collections.nCopies(samples, Float.POSITIVE_INFINITY));
    List<List<Float>> ragged = new ArrayList<>(flat);
    ragged.set(1, flat.get(1).subList(0, samples - 1));
    byte[] good = block(id, nextStartMillis, rate, labels, units, flat);
    return List.of(
        new Sample(key, Arrays.copyOf(good, good.length / 2), "decode", "malformed"),
        new Sample(key, block(id, nextStartMillis, rate, labels, units, withNaN), "validation",
            "samples[" + (channels - 1) + "][" + samples / 2 + "] (" + labels.get(channels - 1) + ") is NaN"),
        new Sample(key, block(id, nextStartMillis, rate, labels, units, withInfinity), "validation", "is Infinity"),
        new Sample(key, block(id, nextStartMillis, rate, labels, units, ragged), "validation", "ragged block"),
        new Sample(key, block(id, nextStartMillis, rate, labels, units, Collections.nCopies(channels, List.of())),
            "validation", "empty block"),
        new Sample(key, block(id, nextStartMillis, rate, labels.subList(0, channels - 1), units.subList(0, channels - 1),
            flat.subList(0, channels - 1)), "validation", "block has " + (channels - 1) + " channels"),
        new Sample(key, block(id, nextStartMillis, rate * 2, labels, units, flat), "validation",
            "sample rate " + rate * 2 + " Hz differs"),
        new Sample(key, block(id, previousStartMillis, rate, labels, units, flat), "late",
            "block starts at " + previousStartMillis));
  }

  private static byte[] block(String id, long start, double rate, List<String> labels, List<String> units,
      List<List<Float>> samples) {
    return EegDomain.SAMPLES_CODEC.encode(new EegSampleBlock(id, Instant.ofEpochMilli(start), rate, labels, units, samples));
  }
}
