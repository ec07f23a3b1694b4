package io.streamlearn.bench.e2e;

import io.streamlearn.lab.report.Charts;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.actors.eeg.EegSettings;
import io.streamlearn.models.eeg.EegMonitor;
import io.streamlearn.ops.DomainCatalog;
import io.streamlearn.ops.Node;
import io.streamlearn.ops.cli.CommonOptions;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.streams.kafka.TopicAdmin;
import io.streamlearn.ops.report.Percentiles;
import io.streamlearn.ops.report.ResultsWriter;
import io.streamlearn.traffic.eeg.EegSimulationSettings;
import io.streamlearn.traffic.eeg.EegSimulator;
import io.streamlearn.traffic.eeg.EegSource;
import io.streamlearn.streams.kafka.CommittedReader;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.PipelineMetrics;
import io.streamlearn.streams.PipelineSettings;
import io.streamlearn.streams.replay.RecordingFile;
import io.streamlearn.streams.replay.Replay;
import io.streamlearn.streams.eeg.EegDomain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.kafka.javadsl.Consumer;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How many live EEG recordings one node keeps up with, through the whole Kafka path. For each count
 * R, R synthetic recordings (23 channels at 256 Hz, blocks of 250 ms, staggered as independent
 * devices would be) are sent at real time, each block when its last sample is due; the latency of a
 * block is the time from then to its prediction in {@code eeg.predictions}, read committed. The same
 * blocks through a raw {@link Passthrough} (same broker, same commit mode) are the baseline: what
 * Kafka alone costs. Every run gets a fresh embedded broker, so none reads another's records. Then
 * one recording is replayed from a file as fast as it goes, against the model alone on the same
 * samples.
 */
@Command(name = "eeg", mixinStandardHelpOptions = true,
    description = "Live EEG recordings one node keeps up with in real time (latency to eeg.predictions vs a Kafka"
        + " passthrough), and one recording's replay speed vs the model alone.")
public final class EegCapacityBench implements Callable<Integer> {

  private static final String PASSTHROUGH_TOPIC = "bench.eeg-passthrough";

  @Mixin CommonOptions options;

  @Option(names = "--recordings", split = ",", defaultValue = "10,20,40", paramLabel = "R",
      description = "Live recordings per run (default: ${DEFAULT-VALUE}).")
  List<Integer> recordings;

  @Option(names = "--minutes", defaultValue = "2", description = "Signal streamed per run (default: ${DEFAULT-VALUE}).")
  double minutes;

  @Option(names = "--warmup", defaultValue = "30", paramLabel = "SECONDS",
      description = "Start of each run left out of the latency figures: JIT, entity creation (default: ${DEFAULT-VALUE}).")
  double warmupSeconds;

  @Option(names = "--latency-goal", defaultValue = "1000", paramLabel = "MS",
      description = "A run keeps up if every block arrived and the p99 latency is at most this (default: ${DEFAULT-VALUE}).")
  double latencyGoalMs;

  @Option(names = "--replay-minutes", defaultValue = "10",
      description = "Length of the one-recording replay; 0 skips it (default: ${DEFAULT-VALUE}).")
  double replayMinutes;

  @Option(names = "--n", description = "Reservoir size (default: streamlearn.eeg.reservoir-size).")
  Integer reservoirSize;

  @Option(names = "--out", paramLabel = "DIR", description = "Write summary.json, runs.csv, latency.csv and latency.png here.")
  Path out;

  /** One paced run: latencies (ms) of the blocks due after the warm-up, and how many blocks came back. */
  private record Run(String mode, int recordings, int blocks, int received, double[] latencyMs, double[] dueSeconds,
      double[] allLatencyMs, double goalMs) {
    double percentile(double p) {
      return Percentiles.nearestRank(latencyMs, p);
    }

    boolean keepsUp() {
      return received == blocks && percentile(0.99) <= goalMs;
    }
  }

  @Override
  public Integer call() throws Exception {
    Config config = options.config();
    if (!options.bootstrap(config).isEmpty()) {
      throw new UserError("bench eeg starts a fresh embedded broker for every run: drop --bootstrap"
          + " (and streamlearn.kafka.bootstrap)");
    }
    if (recordings.isEmpty() || recordings.stream().anyMatch(r -> r < 1) || !(minutes > 0) || warmupSeconds < 0
        || warmupSeconds >= minutes * 60 || !(latencyGoalMs > 0) || replayMinutes < 0) {
      throw new UserError("--recordings must be counts >= 1, --minutes above 0, --warmup at least 0 and shorter than"
          + " the run, --latency-goal above 0, --replay-minutes at least 0");
    }
    if (reservoirSize != null) {
      if (reservoirSize < 2) {
        throw new UserError("--n must be at least 2");
      }
      config = ConfigFactory.parseMap(Map.of("streamlearn.eeg.reservoir-size", reservoirSize)).withFallback(config);
    }
    boolean transactions = config.getBoolean("streamlearn.pipeline.exactly-once");
    int n = config.getInt("streamlearn.eeg.reservoir-size");
    // A fixed event-time start (unless streamlearn.simulate.eeg.start sets one): every run streams the same blocks.
    EegSimulationSettings sim = EegSimulationSettings.fromConfig(config.getConfig("streamlearn"), 1_700_000_000_000L)
        .withDuration(minutes * 60);
    System.out.printf(Locale.ROOT, "live: %s recordings x %.1f min (%d channels, %.0f Hz, blocks of %d ms, N = %d),"
            + " real time, %s, first %.0f s not counted%n", recordings, minutes, sim.channels(), sim.sampleRateHz(),
        sim.blockMillis(), n, transactions ? "exactly-once" : "at-least-once", warmupSeconds);

    List<Run> runs = new ArrayList<>();
    for (int r : recordings) {
      List<ProducerRecord<byte[], byte[]>> blocks = blocks(sim, r);
      for (String mode : List.of("passthrough", "pipeline")) {
        Run run = paced(config, mode, r, blocks, sim, transactions);
        runs.add(run);
        System.out.printf(Locale.ROOT, "  %-11s %3d recordings: %,6d/%,d blocks, latency p50 %,7.0f ms, p99 %,7.0f ms,"
                + " max %,7.0f ms: %s%n", mode, r, run.received(), run.blocks(), run.percentile(0.5),
            run.percentile(0.99), run.percentile(1), run.keepsUp() ? "keeps up" : "falls behind");
      }
    }
    // The live results are written before the replay too, so a replay that fails does not lose them.
    if (out != null) {
      write(runs, null, n, transactions, sim);
    }
    if (replayMinutes > 0) {
      Map<String, Object> replay = replay(config, sim);
      if (out != null) {
        write(runs, replay, n, transactions, sim);
      }
    }
    return 0;
  }

  /** R recordings' blocks in send order; recording i starts i/R of a block after recording 0. */
  private static List<ProducerRecord<byte[], byte[]>> blocks(EegSimulationSettings sim, int count) {
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

  private Run paced(Config config, String mode, int count, List<ProducerRecord<byte[], byte[]>> blocks,
      EegSimulationSettings sim, boolean transactions) throws Exception {
    boolean pipeline = mode.equals("pipeline");
    try (Node node = Node.open(config, "")) {
      Domain<?, ?> eeg = DomainCatalog.create("eeg", config);
      node.ensureTopics(List.of(eeg));
      TopicAdmin.ensureTopics(node.bootstrap(), List.of(PASSTHROUGH_TOPIC), config.getConfig("streamlearn.kafka"), false);
      ActorSystem<Void> passthroughSystem = null;
      Consumer.DrainingControl<Done> passthrough = null;
      if (pipeline) {
        node.startPipelines(List.of(eeg));
      } else {
        passthroughSystem = Node.newActorSystem("bench-eeg-passthrough", config);
        passthrough = Passthrough.start(passthroughSystem, node.bootstrap(), Set.of(EegDomain.SAMPLES), PASSTHROUGH_TOPIC,
            transactions, "bench-eeg-passthrough", record -> { });
      }
      long blockNanos = Math.round(sim.blockSamples() / sim.sampleRateHz() * 1e9);
      // Block b of a recording is due (its last sample acquired) at wallStart + its end in event time.
      long wallStart = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
      LatencyReader reader = new LatencyReader(node.bootstrap(), pipeline ? EegDomain.PREDICTIONS : PASSTHROUGH_TOPIC,
          blocks.size(), wallStart, sim.startMillis(), blockNanos);
      reader.start();
      sendPaced(node.bootstrap(), blocks, wallStart, sim.startMillis(), blockNanos);
      reader.join(TimeUnit.SECONDS.toMillis(120));
      reader.stopReading();
      reader.join();
      if (passthrough != null) {
        passthrough.drainAndShutdown(passthroughSystem.executionContext()).toCompletableFuture().get(60, TimeUnit.SECONDS);
        passthroughSystem.terminate();
        passthroughSystem.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
      return reader.result(mode, count, warmupSeconds, latencyGoalMs);
    }
  }

  private static void sendPaced(String bootstrap, List<ProducerRecord<byte[], byte[]>> blocks, long wallStart,
      long firstMillis, long blockNanos) throws InterruptedException {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (ProducerRecord<byte[], byte[]> block : blocks) {
        long wait = due(block.timestamp(), wallStart, firstMillis, blockNanos) - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        producer.send(block);
      }
    }
  }

  private static long due(long blockStartMillis, long wallStart, long firstMillis, long blockNanos) {
    return wallStart + TimeUnit.MILLISECONDS.toNanos(blockStartMillis - firstMillis) + blockNanos;
  }

  /** Reads one output per block from {@code topic} (read committed) and times each against its block's due time. */
  private static final class LatencyReader extends Thread {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final int expected;
    private final long wallStart;
    private final long firstMillis;
    private final long blockNanos;
    private final double[] dueSeconds;
    private final double[] latencyMs;
    private int received;
    private volatile boolean stopped;
    private volatile RuntimeException failure;

    LatencyReader(String bootstrap, String topic, int expected, long wallStart, long firstMillis, long blockNanos) {
      super("bench-eeg-latency");
      this.consumer = CommittedReader.consumer(bootstrap, Map.of());
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(info -> new TopicPartition(topic, info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      this.expected = expected;
      this.wallStart = wallStart;
      this.firstMillis = firstMillis;
      this.blockNanos = blockNanos;
      this.dueSeconds = new double[expected];
      this.latencyMs = new double[expected];
    }

    @Override
    public void run() {
      try {
        while (!stopped && received < expected) {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
            long now = System.nanoTime();
            long due = due(record.timestamp(), wallStart, firstMillis, blockNanos);
            if (received < expected) {
              dueSeconds[received] = (due - wallStart) / 1e9;
              latencyMs[received] = (now - due) / 1e6;
              received++;
            }
          }
        }
      } catch (RuntimeException e) {
        failure = e;
      } finally {
        consumer.close();
      }
    }

    void stopReading() {
      stopped = true;
    }

    /** Blocks never received count as infinitely late in the percentiles. */
    Run result(String mode, int recordings, double warmupSeconds, double goalMs) {
      if (failure != null) {
        throw new IllegalStateException("reading " + mode + " outputs failed", failure);
      }
      List<Double> counted = new ArrayList<>();
      for (int i = 0; i < received; i++) {
        if (dueSeconds[i] >= warmupSeconds) {
          counted.add(latencyMs[i]);
        }
      }
      int missing = expected - received;
      for (int i = 0; i < missing; i++) {
        counted.add(Double.POSITIVE_INFINITY);
      }
      return new Run(mode, recordings, expected, received, counted.stream().mapToDouble(Double::doubleValue).toArray(),
          Arrays.copyOf(dueSeconds, received), Arrays.copyOf(latencyMs, received), goalMs);
    }
  }

  /** One recording through {@link Replay} from a file, and the same samples through the model alone. */
  private Map<String, Object> replay(Config config, EegSimulationSettings live) throws Exception {
    EegSimulationSettings sim = live.withDuration(replayMinutes * 60);
    List<ProducerRecord<byte[], byte[]>> blocks = blocks(sim, 1);
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
      double signalSeconds = sim.durationSeconds();
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
      double modelSeconds = modelAlone(config, sim);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("signal_seconds", signalSeconds);
      result.put("outputs", outputs);
      result.put("replay_seconds", replaySeconds);
      result.put("replay_real_time_factor", signalSeconds / replaySeconds);
      result.put("model_alone_seconds", modelSeconds);
      result.put("model_alone_real_time_factor", signalSeconds / modelSeconds);
      result.put("ratio", modelSeconds / replaySeconds);
      System.out.printf(Locale.ROOT, "replay: one recording, %.0f s of signal in %.1f s = %.0fx real time; the model alone"
              + " %.1f s = %.0fx; ratio %.2f%n", signalSeconds, replaySeconds, signalSeconds / replaySeconds, modelSeconds,
          signalSeconds / modelSeconds, modelSeconds / replaySeconds);
      return result;
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
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

  private void write(List<Run> runs, Map<String, Object> replay, int n, boolean transactions,
      EegSimulationSettings sim) throws Exception {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("reservoir_size", n);
    summary.put("exactly_once", transactions);
    summary.put("channels", sim.channels());
    summary.put("sample_rate_hz", sim.sampleRateHz());
    summary.put("minutes_per_run", minutes);
    summary.put("warmup_seconds", warmupSeconds);
    summary.put("latency_goal_ms", latencyGoalMs);
    List<Map<String, Object>> rows = new ArrayList<>();
    List<List<String>> csv = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
        new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    int keptUp = 0;
    for (Run run : runs) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("mode", run.mode());
      row.put("recordings", run.recordings());
      row.put("blocks", run.blocks());
      row.put("received", run.received());
      Map<String, Double> latency = new LinkedHashMap<>();
      latency.put("p50", finite(run.percentile(0.5)));
      latency.put("p99", finite(run.percentile(0.99)));
      latency.put("max", finite(run.percentile(1)));
      row.put("latency_ms", latency);
      row.put("keeps_up", run.keepsUp());
      rows.add(row);
      List<Object> values = List.of(run.mode(), run.recordings(), run.blocks(), run.received(), run.percentile(0.5),
          run.percentile(0.99), run.percentile(1), run.keepsUp());
      for (int c = 0; c < values.size(); c++) {
        csv.get(c).add(String.valueOf(values.get(c)));
      }
      if (run.mode().equals("pipeline") && run.keepsUp()) {
        keptUp = Math.max(keptUp, run.recordings());
      }
    }
    summary.put("runs", rows);
    summary.put("pipeline_recordings_kept_up", keptUp);
    if (replay != null) {
      summary.put("replay", replay);
    }
    ResultsWriter.writeSummary(out, summary);
    ResultsWriter.writeCsv(out.resolve("runs.csv"), List.of("mode", "recordings", "blocks", "received", "p50_ms",
        "p99_ms", "max_ms", "keeps_up"), csv);
    List<List<String>> perBlock = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (Run run : runs) {
      for (int i = 0; i < run.dueSeconds().length; i++) {
        perBlock.get(0).add(run.mode());
        perBlock.get(1).add(String.valueOf(run.recordings()));
        perBlock.get(2).add(String.valueOf(run.dueSeconds()[i]));
        perBlock.get(3).add(String.valueOf(run.allLatencyMs()[i]));
      }
    }
    ResultsWriter.writeCsv(out.resolve("latency.csv"), List.of("mode", "recordings", "due_s", "latency_ms"), perBlock);
    Charts.writePng(out.resolve("latency.png"), chart(runs));
    System.out.println("wrote " + out.resolve("summary.json"));
  }

  /** JSON has no infinity: a percentile over missing blocks is written as null. */
  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** p50 and p99 latency against recordings, pipeline and passthrough, with the goal. */
  private XYChart chart(List<Run> runs) {
    XYChart chart = Charts.logLogChart("EEG blocks to predictions at real time: latency by live recordings",
        "live recordings (log)", "latency ms (log)");
    for (String mode : List.of("passthrough", "pipeline")) {
      for (double p : new double[] {0.5, 0.99}) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (Run run : runs) {
          double v = run.percentile(p);
          if (run.mode().equals(mode) && Double.isFinite(v) && v > 0) {
            x.add((double) run.recordings());
            y.add(v);
          }
        }
        if (!x.isEmpty()) {
          chart.addSeries(mode + " p" + Math.round(p * 100), x, y);
        }
      }
    }
    double lo = recordings.stream().mapToInt(Integer::intValue).min().orElse(1);
    double hi = recordings.stream().mapToInt(Integer::intValue).max().orElse(1);
    chart.addSeries("goal", new double[] {lo, Math.max(hi, lo * 1.01)}, new double[] {latencyGoalMs, latencyGoalMs});
    return chart;
  }
}
