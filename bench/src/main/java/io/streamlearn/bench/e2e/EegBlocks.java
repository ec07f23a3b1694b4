package io.streamlearn.bench.e2e;

import io.streamlearn.streams.eeg.EegDomain;
import io.streamlearn.streams.kafka.KafkaClients;
import io.streamlearn.traffic.eeg.EegSimulationSettings;
import io.streamlearn.traffic.eeg.EegSimulator;
import io.streamlearn.traffic.eeg.EegSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The input of bench eeg and bench dashboard: synthetic recordings' blocks as {@code eeg.samples}
 * records, in send order, and their sending.
 */
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

  /**
   * Sends {@code blocks}, each when it is due on {@code clock} (its last sample acquired), or as
   * fast as they go when {@code clock} is null.
   */
  static void send(KafkaClients kafka, List<ProducerRecord<byte[], byte[]>> blocks, BlockClock clock)
      throws InterruptedException {
    Properties p = new Properties();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, clock == null ? "5" : "1");
    try (KafkaProducer<byte[], byte[]> producer = kafka.producer(p)) {
      for (ProducerRecord<byte[], byte[]> block : blocks) {
        if (clock != null) {
          long wait = clock.due(block.timestamp()) - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
        }
        producer.send(block);
      }
    }
  }
}
