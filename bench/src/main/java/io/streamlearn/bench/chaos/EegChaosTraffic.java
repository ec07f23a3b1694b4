package io.streamlearn.bench.chaos;

import io.streamlearn.models.Rng;
import io.streamlearn.streams.eeg.EegDomain;
import io.streamlearn.traffic.eeg.EegSimulationSettings;
import io.streamlearn.traffic.eeg.EegSimulator;
import io.streamlearn.traffic.eeg.EegSource;
import io.streamlearn.traffic.eeg.MalformedEeg;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The EEG share of a chaos stream, seeded: synthetic recordings (4 channels at 128 Hz, with
 * an episode each after its first 5 minutes), 250 ms blocks taken round-robin, so every recording advances through the run; a bad
 * block (of the kinds {@link MalformedEeg} makes) once per 400 blocks, on average.
 */
final class EegChaosTraffic extends ChaosTraffic {
  static final int CHANNELS = 4;
  static final double SAMPLE_RATE = 128;
  static final long BLOCK_MILLIS = 250;
  private static final int BLOCKS_PER_RECORDING = 1600;

  private final Rng random;
  private final List<EegSource> recordings = new ArrayList<>();
  private final long[] previousStart;
  private final int samplesPerBlock = (int) Math.round(BLOCK_MILLIS * SAMPLE_RATE / 1000);
  private int turn;

  /** @param startMillis event time of every recording's first sample */
  EegChaosTraffic(long records, long seed, long startMillis) {
    super(records);
    this.random = new Rng(seed ^ 0xEE6L);
    int count = (int) Math.max(1, Math.min(48, records / BLOCKS_PER_RECORDING));
    // Long enough for every recording to take its share of the blocks, bad ones included.
    double seconds = (records / count + 2) * BLOCK_MILLIS / 1000.0;
    EegSimulationSettings sim = new EegSimulationSettings(count, CHANNELS, SAMPLE_RATE, BLOCK_MILLIS, seconds, 12, seed,
        startMillis, 0);
    for (int i = 0; i < count; i++) {
      recordings.add(EegSource.synthetic(sim, String.format("chaos-eeg-%02d", i), i));
    }
    previousStart = new long[count];
  }

  @Override
  boolean more(Deque<ProducerRecord<byte[], byte[]>> out) {
    int i = turn;
    turn = (turn + 1) % recordings.size();
    EegSource recording = recordings.get(i);
    long start = recording.nextSampleMillis();
    byte[] key = recording.recordingId().getBytes(StandardCharsets.UTF_8);
    ProducerRecord<byte[], byte[]> block = new ProducerRecord<>(EegDomain.SAMPLES, null, start, key,
        EegSimulator.encode(recording, start, recording.nextBlock(samplesPerBlock)));
    long previous = previousStart[i];
    previousStart[i] = start;
    if (previous > 0 && random.nextInt(400) == 0) {
      List<MalformedEeg.Sample> bad = MalformedEeg.samples(recording, previous, start, samplesPerBlock);
      MalformedEeg.Sample sample = bad.get(random.nextInt(bad.size()));
      out.add(new ProducerRecord<>(EegDomain.SAMPLES, null, start, sample.key(), sample.value()));
    }
    out.add(block);
    return true;
  }
}
