package io.streamlearn.bench.e2e;

import com.typesafe.config.Config;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.actors.eeg.EegSettings;
import io.streamlearn.models.eeg.EegMonitor;
import io.streamlearn.ops.DomainCatalog;
import io.streamlearn.ops.Node;
import io.streamlearn.ops.report.Percentiles;
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
 * bench eeg's replay: one recording through {@link Replay} from a file as fast as it goes, the same
 * recording through Kafka ({@link KafkaReplay}), and the same samples through the recording's
 * monitor alone. One file replay comes first and stays out of the medians (its time is reported:
 * what a backtest of one recording started in a fresh JVM costs); then the three run in turn
 * {@code repeats} times and each figure is the median, since one run of the same code moves a lot
 * on shared cores (README).
 *
 * @param signalSeconds length of the recording
 * @param outputs records a file replay wrote (predictions, alerts, snapshots)
 * @param firstReplaySeconds the first file replay, JIT compilation included
 * @param replaySeconds median of the file replays
 * @param kafkaRealTimeFactor median of the replays through Kafka, signal seconds per second
 * @param modelSeconds median of the model alone
 */
record ReplaySpeed(double signalSeconds, long outputs, int repeats, double firstReplaySeconds, double replaySeconds,
    double kafkaRealTimeFactor, double modelSeconds) {

  static ReplaySpeed measure(Config config, EegSimulationSettings sim, int repeats) throws Exception {
    List<ProducerRecord<byte[], byte[]>> blocks = EegBlocks.of(sim, 1);
    double blockSeconds = sim.blockSamples() / sim.sampleRateHz();
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
      FileReplay first = replayFile(config, in, dir.resolve("out-first.avro"));
      double[] replay = new double[repeats];
      double[] kafka = new double[repeats];
      double[] model = new double[repeats];
      for (int r = 0; r < repeats; r++) {
        FileReplay again = replayFile(config, in, dir.resolve("out-" + r + ".avro"));
        replay[r] = again.seconds();
        if (again.written() != first.written()) {
          throw new IllegalStateException("replays of the same file wrote " + first.written() + " and "
              + again.written() + " records");
        }
        KafkaReplay.Result through = KafkaReplay.run(config, blocks);
        kafka[r] = through.predictions() * blockSeconds / through.seconds();
        model[r] = modelAlone(config, sim);
      }
      return new ReplaySpeed(sim.durationSeconds(), first.written(), repeats, first.seconds(), Percentiles.median(replay),
          Percentiles.median(kafka), Percentiles.median(model));
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /** @param seconds of the replay alone, without the node's start and stop */
  private record FileReplay(long written, double seconds) {}

  /** One replay of the file {@code in} on a node of its own (no entities yet). */
  private static FileReplay replayFile(Config config, Path in, Path out) throws Exception {
    try (Node node = Node.offline(config)) {
      Domain<?, ?> eeg = DomainCatalog.create("eeg", config);
      PipelineSettings settings = PipelineSettings.fromConfig(config.getConfig("streamlearn.pipeline"));
      long start = System.nanoTime();
      long written = Replay.toFile(node.actorSystem(), eeg, in, out, settings,
          new PipelineMetrics(new SimpleMeterRegistry(), eeg.name())).toCompletableFuture().get(30, TimeUnit.MINUTES);
      return new FileReplay(written, (System.nanoTime() - start) / 1e9);
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

  double firstReplayRealTimeFactor() {
    return signalSeconds / firstReplaySeconds;
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
