package io.streamlearn.bench.e2e;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.streamlearn.ops.cli.Progress;
import io.streamlearn.ops.cli.CommonOptions;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.traffic.eeg.EegSimulationSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How many live EEG recordings one node keeps up with, through the whole Kafka path. For each count
 * R, R synthetic recordings (streamlearn.simulate.eeg's channels, rate and blocks, staggered as
 * independent devices would be) are sent at real time, each block when its last sample is due; the
 * latency of a block is the time from then to its prediction in {@code eeg.predictions}, read
 * committed. The same blocks through a raw {@link Passthrough} (same broker, same commit mode) are
 * the baseline: what Kafka alone costs ({@link LiveRecordingsRun}). Then one recording is replayed
 * from a file as fast as it goes, against the model alone on the same samples ({@link ReplaySpeed}).
 */
@Command(name = "eeg", mixinStandardHelpOptions = true,
    description = "Live EEG recordings one node keeps up with in real time (latency to eeg.predictions vs a Kafka"
        + " passthrough), and one recording's replay speed vs the model alone.")
public final class EegCapacityBench implements Callable<Integer> {

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

  @Option(names = "--replay-repeats", defaultValue = "3",
      description = "Runs of each replay and of the model alone; the medians are reported (default: ${DEFAULT-VALUE}).")
  int replayRepeats;

  @Option(names = "--n", description = "Reservoir size (default: ${bundle:streamlearn.eeg.reservoir-size}, streamlearn.eeg.reservoir-size).")
  Integer reservoirSize;

  @Option(names = "--out", paramLabel = "DIR", description = "Write summary.json, runs.csv, latency.csv and latency.png here.")
  Path out;

  @Override
  public Integer call() throws Exception {
    Config config = config();
    boolean transactions = config.getBoolean("streamlearn.pipeline.exactly-once");
    int n = config.getInt("streamlearn.eeg.reservoir-size");
    // A fixed event-time start (unless streamlearn.simulate.eeg.start sets one): every run streams the same blocks.
    EegSimulationSettings sim = EegSimulationSettings.fromConfig(config.getConfig("streamlearn"), 1_700_000_000_000L)
        .withDuration(minutes * 60);
    System.out.printf(Locale.ROOT, "live: %s recordings x %.1f min (%d channels, %.0f Hz, blocks of %d ms, N = %d),"
            + " real time, %s, first %.0f s not counted%n", recordings, minutes, sim.channels(), sim.sampleRateHz(),
        sim.blockMillis(), n, transactions ? "exactly-once" : "at-least-once", warmupSeconds);

    LiveRecordingsRun live = new LiveRecordingsRun(config, sim, transactions, warmupSeconds, latencyGoalMs);
    List<LiveRun> runs = new ArrayList<>();
    try (Progress progress = Progress.start("bench eeg-capacity", 2L * recordings.size(), "runs")) {
      for (int r : recordings) {
        List<ProducerRecord<byte[], byte[]>> blocks = EegBlocks.of(sim, r);
        for (String mode : List.of(LiveRecordingsRun.PASSTHROUGH, LiveRecordingsRun.PIPELINE)) {
          LiveRun run = live.run(mode, r, blocks);
          runs.add(run);
          progress.step(1);
          System.out.printf(Locale.ROOT, "  %-11s %3d recordings: %,6d/%,d blocks, latency p50 %,7.0f ms, p99 %,7.0f ms,"
                  + " max %,7.0f ms: %s%n", mode, r, run.received(), run.blocks(), run.percentile(0.5),
              run.percentile(0.99), run.percentile(1), run.keepsUp() ? "keeps up" : "falls behind");
        }
      }
    }
    EegCapacityResults results = out == null ? null : new EegCapacityResults(out, new EegCapacityResults.Setup(n,
        transactions, sim, minutes, warmupSeconds, latencyGoalMs, recordings));
    // The live results are written before the replay too, so a replay that fails does not lose them.
    if (results != null) {
      results.write(runs, null);
    }
    if (replayMinutes > 0) {
      ReplaySpeed replay = ReplaySpeed.measure(config, sim.withDuration(replayMinutes * 60), replayRepeats);
      System.out.printf(Locale.ROOT, "replay: one recording, %.0f s of signal in %.1f s = %.0fx real time (first replay"
              + " %.1f s = %.0fx); through Kafka %.0fx; the model alone %.1f s = %.0fx; ratio %.2f; medians of %d%n",
          replay.signalSeconds(), replay.replaySeconds(), replay.replayRealTimeFactor(), replay.firstReplaySeconds(),
          replay.firstReplayRealTimeFactor(), replay.kafkaRealTimeFactor(), replay.modelSeconds(),
          replay.modelRealTimeFactor(), replay.ratio(), replay.repeats());
      if (results != null) {
        results.write(runs, replay);
      }
    }
    return 0;
  }

  /** The configuration with --n, after checking the flags. */
  private Config config() {
    Config config = options.config();
    if (!options.bootstrap(config).isEmpty()) {
      throw new UserError("bench eeg starts a fresh embedded broker for every run: drop --bootstrap"
          + " (and streamlearn.kafka.bootstrap)");
    }
    if (recordings.isEmpty() || recordings.stream().anyMatch(r -> r < 1) || !(minutes > 0) || warmupSeconds < 0
        || warmupSeconds >= minutes * 60 || !(latencyGoalMs > 0) || replayMinutes < 0
        || replayRepeats < 1) {
      throw new UserError("--recordings must be counts >= 1, --minutes above 0, --warmup at least 0 and shorter than"
          + " the run, --latency-goal above 0, --replay-minutes at least 0,"
          + " --replay-repeats at least 1");
    }
    if (reservoirSize != null) {
      if (reservoirSize < 2) {
        throw new UserError("--n must be at least 2");
      }
      config = ConfigFactory.parseMap(Map.of("streamlearn.eeg.reservoir-size", reservoirSize)).withFallback(config);
    }
    return config;
  }
}
