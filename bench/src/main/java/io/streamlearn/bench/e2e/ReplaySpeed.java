package io.streamlearn.bench.e2e;

import com.typesafe.config.Config;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.actors.eeg.EegSettings;
import io.streamlearn.models.eeg.EegMonitor;
import io.streamlearn.ops.DomainCatalog;
import io.streamlearn.ops.Node;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.PipelineMetrics;
import io.streamlearn.streams.PipelineSettings;
import io.streamlearn.streams.replay.RecordingFile;
import io.streamlearn.streams.replay.Replay;
import io.streamlearn.traffic.eeg.EegSimulationSettings;
import io.streamlearn.traffic.eeg.EegSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * bench eeg's replay: one recording through {@link Replay} from a file as fast as it goes, and the
 * same samples through the recording's monitor alone.
 *
 * @param signalSeconds length of the recording
 * @param outputs records the replay wrote (predictions, alerts, snapshots)
 */
record ReplaySpeed(double signalSeconds, long outputs, double replaySeconds, double modelSeconds) {

  static ReplaySpeed measure(Config config, EegSimulationSettings sim) throws Exception {
    List<ProducerRecord<byte[], byte[]>> blocks = EegBlocks.of(sim, 1);
    Path dir = Files.createTempDirectory("bench-eeg-replay");
    try {
      Path in = dir.resolve("in.avro");
      try (RecordingFile file = RecordingFile.create(in)) {
        // As `record` writes them: consumed records of one partition, offsets in order.
        for (int i = 0; i < blocks.size(); i++) {
          ProducerRecord<byte[], byte[]> block = blocks.get(i);
          file.append(new ConsumerRecord<>(block.topic(), 0, i, block.timestamp(), TimestampType.CREATE_TIME,
              block.key().length, block.value().length, block.key(), block.value(), new RecordHeaders(),
              Optional.empty()));
        }
      }
      double replaySeconds;
      long outputs;
      try (Node node = Node.offline(config)) {
        Domain<?, ?> eeg = DomainCatalog.create("eeg", config);
        PipelineSettings settings = PipelineSettings.fromConfig(config.getConfig("streamlearn.pipeline"));
        long start = System.nanoTime();
        outputs = Replay.toFile(node.actorSystem(), eeg, in, dir.resolve("out.avro"), settings,
            new PipelineMetrics(new SimpleMeterRegistry(), eeg.name())).toCompletableFuture().get(30, TimeUnit.MINUTES);
        replaySeconds = (System.nanoTime() - start) / 1e9;
      }
      return new ReplaySpeed(sim.durationSeconds(), outputs, replaySeconds, modelAlone(config, sim));
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /** Seconds the recording's monitor alone takes over the same synthetic samples (generated outside the timing). */
  private static double modelAlone(Config config, EegSimulationSettings sim) {
    EegSettings settings = EegSettings.fromConfig(config.getConfig("streamlearn.eeg"));
    EegSource source = EegSource.synthetic(sim, "bench-eeg-0", 0);
    List<double[][]> blocks = new ArrayList<>();
    List<Long> starts = new ArrayList<>();
    while (!source.finished()) {
      starts.add(source.nextSampleMillis());
      blocks.add(source.nextBlock(sim.blockSamples()));
    }
    EegMonitor monitor = new EegMonitor(settings.monitorConfig(source.recordingId(), source.channelLabels().size(),
        source.sampleRateHz()));
    long start = System.nanoTime();
    for (int i = 0; i < blocks.size(); i++) {
      monitor.process(blocks.get(i), source.sampleRateHz(), starts.get(i));
    }
    return (System.nanoTime() - start) / 1e9;
  }

  double replayRealTimeFactor() {
    return signalSeconds / replaySeconds;
  }

  double modelRealTimeFactor() {
    return signalSeconds / modelSeconds;
  }

  /** The model alone's time over the replay's: the share of the replay that is the model. */
  double ratio() {
    return modelSeconds / replaySeconds;
  }
}
