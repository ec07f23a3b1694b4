package io.streamlearn.ops;

import io.streamlearn.ops.report.Summary;

import com.typesafe.config.Config;
import io.streamlearn.ops.cli.CommonOptions;
import io.streamlearn.ops.cli.Progress;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.kafka.KafkaPipeline;
import io.streamlearn.streams.PipelineMetrics;
import io.streamlearn.streams.PipelineSettings;
import io.streamlearn.streams.replay.RecordingFile;
import io.streamlearn.streams.replay.Replay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Backtest: a recording through the same decode, entity, model and encode path as live. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Feed a recording (from `record`) through a domain's pipeline as fast as possible, in event time.")
final class ReplayCommand implements Callable<Integer> {

  @Mixin CommonOptions options;

  @Option(names = "--in", required = true, paramLabel = "FILE", description = "Recording to replay.")
  Path in;

  @Option(names = "--domain", defaultValue = "ads", paramLabel = "NAME", description = "Domain to replay (default: ${DEFAULT-VALUE}).")
  String domainName;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Write the outputs into this recording file. Without it, produce them to the domain's topics.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(in)) {
      throw new UserError("recording " + in + " does not exist: pass a file written by `record` to --in");
    }
    long records;
    try {
      records = RecordingFile.count(in); // a bad or truncated file is refused before anything runs
    } catch (IOException e) {
      throw new UserError(e.getMessage());
    }
    Config config = options.config();
    Domain<?, ?> domain = DomainCatalog.create(domainName, config);
    PipelineSettings settings = PipelineSettings.fromConfig(config.getConfig("streamlearn.pipeline"));
    try (Node node = out == null ? Node.open(config, options.bootstrap(config)) : Node.offline(config)) {
      PipelineMetrics metrics = new PipelineMetrics(node.registry(), domain.name());
      String done;
      try (Progress progress = Progress.start("replay", records, "records");
          AutoCloseable polling = pollConsumed(node, progress)) {
        done = replay(node, domain, settings, metrics);
      }
      System.out.println(done);
      Summary.printCounts(node.registry(), System.out);
    }
    return 0;
  }

  /** Replays into the file or the topics; returns what was done. */
  private String replay(Node node, Domain<?, ?> domain, PipelineSettings settings, PipelineMetrics metrics)
      throws IOException {
    if (out != null) {
      long written = Replay.toFile(node.actorSystem(), domain, in, out, settings, metrics).toCompletableFuture().join();
      return "replayed " + in + " through " + domain.name() + ": " + written + " output records in " + out;
    }
    node.ensureTopics(List.of(domain));
    Replay.toTopics(node.actorSystem(), domain, in, KafkaPipeline.producerSettings(node.actorSystem(), node.kafka()),
        settings, metrics).toCompletableFuture().join();
    return "replayed " + in + " through " + domain.name() + " into " + domain.outputTopics() + " on " + node.bootstrap();
  }

  /** Moves the progress with the records the pipeline has consumed. */
  private static AutoCloseable pollConsumed(Node node, Progress progress) {
    ScheduledExecutorService poll = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "replay-progress");
      thread.setDaemon(true);
      return thread;
    });
    poll.scheduleAtFixedRate(() -> progress.stepTo(PipelineMetrics.counts(node.registry(), PipelineMetrics.CONSUMED, "topic")
        .values().stream().mapToLong(Long::longValue).sum()), 500, 500, TimeUnit.MILLISECONDS);
    return poll::shutdownNow;
  }
}
