package io.streamlearn.bench.e2e;

import io.streamlearn.streams.kafka.KafkaClients;
import io.streamlearn.lab.report.Charts;
import com.typesafe.config.Config;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.ops.DomainCatalog;
import io.streamlearn.ops.Node;
import io.streamlearn.ops.cli.Progress;
import io.streamlearn.ops.cli.CommonOptions;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.streams.kafka.TopicAdmin;
import io.streamlearn.ops.report.Percentiles;
import io.streamlearn.ops.report.ResultsWriter;
import io.streamlearn.schemas.AdImpression;
import io.streamlearn.schemas.AdOutcome;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.kafka.KafkaPipeline;
import io.streamlearn.streams.PipelineMetrics;
import io.streamlearn.streams.PipelineSettings;
import io.streamlearn.streams.ads.AdsDomain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.kafka.javadsl.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Pipeline throughput against the floor Kafka sets: a raw consume → produce {@link Passthrough}
 * (same broker, same records, same client settings, same commit mode). Runs alternate so both see the same machine state; the
 * ratio of medians is the pipeline's cost (decode, validate, entity ask, model, encode).
 */
@Command(name = "e2e", mixinStandardHelpOptions = true,
    description = "Ads pipeline throughput (records/s) against a raw Kafka consume-produce passthrough, side by side.")
public final class EndToEndBench implements Callable<Integer> {

  private static final String PASSTHROUGH_TOPIC = "bench.passthrough";

  @Mixin CommonOptions options;

  @Option(names = "--records", defaultValue = "200000", description = "Input records (default: ${DEFAULT-VALUE}).")
  int records;

  @Option(names = "--campaigns", defaultValue = "200", description = "Campaigns (keys) (default: ${DEFAULT-VALUE}).")
  int campaigns;

  @Option(names = "--repeats", defaultValue = "3", description = "Runs of each, alternating (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--warmup", defaultValue = "1", description = "Unmeasured runs of each first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--modes", split = ",", defaultValue = "at-least-once,exactly-once", paramLabel = "MODE",
      description = "Commit modes to compare, each on both sides (default: ${DEFAULT-VALUE}).")
  List<String> modes;

  @Option(names = "--out", paramLabel = "DIR", description = "Write summary.json, runs.csv and throughput.png here.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (records < 1000 || campaigns < 1 || repeats < 1) {
      throw new UserError("--records must be at least 1000, --campaigns and --repeats at least 1");
    }
    Config config = options.config();
    try (Node node = Node.open(config, options.bootstrap(config))) {
      Domain<?, ?> ads = DomainCatalog.create("ads", config);
      node.ensureTopics(List.of(ads));
      TopicAdmin.ensureTopics(node.kafka(), List.of(PASSTHROUGH_TOPIC), config.getConfig("streamlearn.kafka"), false);
      AdsSettings settings = AdsSettings.fromConfig(config.getConfig("streamlearn.ads"));
      produceInput(node.kafka(), settings);
      System.out.printf("%,d records of %d campaigns on %s; per mode %d warm-up + %d measured runs of each, alternating%n",
          records, campaigns, node.kafka(), warmup, repeats);
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("records", records);
      summary.put("campaigns", campaigns);
      summary.put("repeats", repeats);
      List<String> labels = new ArrayList<>();
      List<Double> rates = new ArrayList<>();
      List<List<String>> csv = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
      int run = 0;
      try (Progress progress = Progress.start("bench pipeline", (long) modes.size() * (warmup + repeats), "runs")) {
        for (String mode : modes) {
          boolean transactions = switch (mode) {
            case "at-least-once" -> false;
            case "exactly-once" -> true;
            default -> throw new UserError("--modes takes at-least-once and/or exactly-once, not '" + mode + "'");
          };
          List<Double> passthrough = new ArrayList<>();
          List<Double> pipeline = new ArrayList<>();
          for (int i = 0; i < warmup + repeats; i++, run++) {
            double p = runPassthrough(node, config, run, transactions);
            double q = runPipeline(node, config, run, transactions);
            String kind = i < warmup ? "warm-up" : "run " + (i - warmup + 1);
            progress.step(1);
            System.out.printf("  %-13s %-8s passthrough %,10.0f records/s   pipeline %,10.0f records/s%n", mode, kind, p, q);
            if (i >= warmup) {
              passthrough.add(p);
              pipeline.add(q);
              csv.get(0).add(mode);
              csv.get(1).add(String.valueOf(i - warmup + 1));
              csv.get(2).add(String.valueOf(p));
              csv.get(3).add(String.valueOf(q));
            }
          }
          double passthroughMedian = median(passthrough);
          double pipelineMedian = median(pipeline);
          System.out.printf("%s: passthrough %,.0f records/s, pipeline %,.0f records/s, ratio %.2f (medians of %d)%n",
              mode, passthroughMedian, pipelineMedian, pipelineMedian / passthroughMedian, repeats);
          summary.put(mode, Map.of("passthrough_records_per_s", passthroughMedian,
              "pipeline_records_per_s", pipelineMedian, "ratio", pipelineMedian / passthroughMedian));
          labels.addAll(List.of(mode + " passthrough", mode + " pipeline"));
          rates.addAll(List.of(passthroughMedian, pipelineMedian));
        }
      }
      if (out != null) {
        ResultsWriter.writeSummary(out, summary);
        ResultsWriter.writeCsv(out.resolve("runs.csv"), List.of("mode", "run", "passthrough_records_per_s", "pipeline_records_per_s"), csv);
        Charts.writeBarChart(out.resolve("throughput.png"), "End-to-end throughput (median of " + repeats + " runs)",
            "records/s", labels, rates);
        System.out.println("wrote " + out.resolve("summary.json"));
      }
      return 0;
    }
  }

  private void produceInput(KafkaClients kafka, AdsSettings settings) {
    Properties p = new Properties();
    p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    int platforms = settings.platforms().size();
    List<Double> spend = Collections.nCopies(platforms, settings.budgetUnit() / 4);
    List<Long> impressions = Collections.nCopies(platforms, 100L);
    // Every campaign reports every 15 minutes of event time on both topics, so rounds close and
    // decisions flow as in live traffic.
    long step = settings.roundLengthMillis() / 4;
    try (KafkaProducer<byte[], byte[]> producer = kafka.producer(p)) {
      for (int i = 0; i < records; i++) {
        int campaign = (i / 2) % campaigns;
        long time = settings.epochMillis() + ((long) (i / 2) / campaigns + 1) * step;
        String id = "bench-" + campaign;
        byte[] key = id.getBytes(StandardCharsets.UTF_8);
        if (i % 2 == 0) {
          producer.send(new ProducerRecord<>(AdsDomain.IMPRESSIONS, null, time, key, AdsDomain.IMPRESSION_CODEC.encode(
              new AdImpression(id, Instant.ofEpochMilli(time), spend, impressions))));
        } else {
          producer.send(new ProducerRecord<>(AdsDomain.OUTCOMES, null, time, key, AdsDomain.OUTCOME_CODEC.encode(
              new AdOutcome(id, Instant.ofEpochMilli(time), 3L, 0.0))));
        }
      }
    }
  }

  private double runPassthrough(Node node, Config config, int run, boolean transactions) throws Exception {
    ActorSystem<Void> system = Node.newActorSystem("bench-passthrough-" + run, config);
    try {
      AtomicLong consumed = new AtomicLong();
      long start = System.nanoTime();
      Consumer.DrainingControl<Done> control = Passthrough.start(system, node.kafka(),
          Set.of(AdsDomain.IMPRESSIONS, AdsDomain.OUTCOMES), PASSTHROUGH_TOPIC, transactions,
          "bench-passthrough-" + run + "-" + System.nanoTime(), record -> consumed.incrementAndGet());
      return rateUntil(consumed::get, start, () -> control.streamCompletion().toCompletableFuture().isDone(),
          () -> control.drainAndShutdown(system.executionContext()));
    } finally {
      terminate(system);
    }
  }

  private double runPipeline(Node node, Config config, int run, boolean transactions) throws Exception {
    ActorSystem<Void> system = Node.newActorSystem("bench-pipeline-" + run, config);
    try {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      Domain<?, ?> ads = DomainCatalog.create("ads", config);
      PipelineSettings settings = PipelineSettings.fromConfig(config.getConfig("streamlearn.pipeline"))
          .withGroupIdPrefix("bench-pipeline-" + run + "-" + System.nanoTime() + "-")
          .withNodeId("bench-pipeline-" + run)
          .withExactlyOnce(transactions);
      long start = System.nanoTime();
      KafkaPipeline.Running pipeline = KafkaPipeline.start(system, ads, node.kafka(), settings,
          new PipelineMetrics(registry, ads.name()), report -> { }).toCompletableFuture().get(60, TimeUnit.SECONDS);
      LongSupplier consumed = () -> PipelineMetrics.counts(registry, PipelineMetrics.CONSUMED, "topic")
          .values().stream().mapToLong(Long::longValue).sum();
      return rateUntil(consumed, start, () -> pipeline.completion().toCompletableFuture().isDone(), () -> pipeline.drainAndShutdown(Duration.ofSeconds(30)).thenApply(drained -> Done.getInstance()));
    } finally {
      terminate(system);
    }
  }

  private double rateUntil(LongSupplier consumed, long start, BooleanSupplier stopped,
      Supplier<CompletionStage<?>> drain) throws Exception {
    long lastProgress = System.nanoTime();
    long lastCount = 0;
    while (consumed.getAsLong() < records) {
      long count = consumed.getAsLong();
      if (count > lastCount) {
        lastCount = count;
        lastProgress = System.nanoTime();
      }
      if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(60) || stopped.getAsBoolean()) {
        throw new IllegalStateException("stream stopped or stalled after " + count + " of " + records + " records");
      }
      Thread.sleep(5);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    drain.get().toCompletableFuture().get(60, TimeUnit.SECONDS);
    return records / seconds;
  }

  private static void terminate(ActorSystem<?> system) throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static double median(List<Double> values) {
    return Percentiles.median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
