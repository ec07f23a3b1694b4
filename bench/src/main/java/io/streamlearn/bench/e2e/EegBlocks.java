package io.streamlearn.bench.e2e;

import io.streamlearn.streams.eeg.EegDomain;
import io.streamlearn.traffic.eeg.EegSimulationSettings;
import io.streamlearn.traffic.eeg.EegSimulator;
import io.streamlearn.traffic.eeg.EegSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The input of bench eeg: synthetic recordings' blocks as {@code eeg.samples} records, in send order. */
final class EegBlocks {

  private EegBlocks() {}

  /**
   * {@code count} recordings' blocks in send order, each record timestamped with its block's first
   * sample; recording i starts i/count of a block after recording 0, as independent devices would.
   */
  static List<ProducerRecord<byte[], byte[]>> of(EegSimulationSettings sim, int count) {
    List<EegSource> sources = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long offset = i * sim.blockMillis() / count;
      sources.add(EegSource.synthetic(sim.withStartMillis(sim.startMillis() + offset), "bench-eeg-" + i, i));
    }
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
    int samples = sim.blockSamples();
    while (sources.stream().anyMatch(s -> !s.finished())) {
      for (EegSource source : sources) {
        if (!source.finished()) {
          long start = source.nextSampleMillis();
          byte[] value = EegSimulator.encode(source, start, source.nextBlock(samples));
          out.add(new ProducerRecord<>(EegDomain.SAMPLES, null, start,
              source.recordingId().getBytes(StandardCharsets.UTF_8), value));
        }
      }
    }
    return out;
  }
}
