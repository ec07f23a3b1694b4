package io.streamlearn.bench.e2e;

import com.typesafe.config.Config;
import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.ops.DomainCatalog;
import io.streamlearn.ops.Node;
import io.streamlearn.ops.cli.CommonOptions;
import io.streamlearn.ops.cli.Progress;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.streams.Domain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The pipeline's throughput against its anchors, same broker, same input, same commit mode: a
 * plain-client passthrough (the ceiling), the Pekko Connectors passthrough, and a Kafka Streams
 * app running the same per-campaign logic. Every run is isolated ({@link MeasuredRun}: topics and
 * group of its own) and verified against a reference replay; runs alternate so all see the same
 * machine state. Exits non-zero when any run's outputs were incomplete.
 */
@Command(name = "e2e", mixinStandardHelpOptions = true,
    description = "Ads pipeline throughput (records/s) against plain-client and Pekko Connectors passthroughs and a"
        + " Kafka Streams peer, side by side; every run's outputs verified.")
public final class EndToEndBench implements Callable<Integer> {

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
      description = "Commit modes to compare, each on every side (default: ${DEFAULT-VALUE}).")
  List<String> modes;

  @Option(names = "--kafka-streams-threads", split = ",", defaultValue = "1,2", paramLabel = "N",
      description = "Stream threads of the Kafka Streams peer, one contender each; 0 for none (default: ${DEFAULT-VALUE}).")
  List<Integer> streamThreads;

  @Option(names = "--latency", description = "After each mode's runs, time every decision of the pipeline fed at half"
      + " its median rate (record due to decision committed); p50/p99 in summary.json, latency.csv, latency.png.")
  boolean latency;

  @Option(names = "--latency-rate", defaultValue = "0", paramLabel = "R",
      description = "Records/s of the latency runs, the same for every mode; 0 = half of each mode's median pipeline rate"
          + " (default: ${DEFAULT-VALUE}). Set it to compare two builds at one rate.")
  double latencyRate;

  @Option(names = "--latency-seconds", defaultValue = "20", paramLabel = "S",
      description = "Length of each latency run (default: ${DEFAULT-VALUE}).")
  int latencySeconds;

  @Option(names = "--latency-warmup", defaultValue = "5", paramLabel = "S",
      description = "Seconds at the start of a latency run left out of its percentiles, while its entities are"
          + " created (default: ${DEFAULT-VALUE}; the CSV and PNG keep them).")
  double latencyWarmup;

  @Option(names = "--out", paramLabel = "DIR", description = "Write summary.json, runs.csv and throughput.png here.")
  Path out;

  /** The pipeline at half its median rate in {@code mode}, every decision timed. */
  private void latencyRun(Config config, Node node, Domain<?, ?> ads, List<Contender> contenders,
      EndToEndResults results, String mode, String name) throws Exception {
    double rate = latencyRate > 0 ? latencyRate : results.median(mode, Contenders.PIPELINE) / 2;
    if (!(rate > 0)) {
      throw new IllegalStateException("no measured " + mode + " pipeline rate to halve for the latency run");
    }
    boolean exactlyOnce = mode.equals("exactly-once");
    // Exactly-once, an output waits for its transaction: at most one starts per commit interval.
    double goalMs = exactlyOnce ? 2.0 * config.getDuration("pekko.kafka.producer.eos-commit-interval").toMillis() : 10;
    Contender pipeline = contenders.stream().filter(c -> c.key().equals(Contenders.PIPELINE)).findFirst().orElseThrow();
    LiveRun run = LatencyRun.run(pipeline, mode, exactlyOnce, name, node.kafka(), config, ads,
        new AdsInput(AdsSettings.fromConfig(config.getConfig("streamlearn.ads")), campaigns), campaigns, rate,
        Duration.ofSeconds(latencySeconds), latencyWarmup, goalMs);
    results.addLatency(run, rate);
    System.out.printf("  %-13s latency at %,.0f records/s: %,d of %,d decisions; after the first %.0f s p50 %.1f ms,"
        + " p99 %.1f ms, max %.1f ms (goal: p99 <= %.0f ms)%n", mode, rate, run.received(), run.blocks(), latencyWarmup,
        run.percentile(0.5), run.percentile(0.99), run.percentile(1.0), goalMs);
  }

  @Override
  public Integer call() throws Exception {
    if (records < 1000 || campaigns < 1 || repeats < 1 || warmup < 0 || latencySeconds < 5 || latencyRate < 0
        || latencyWarmup < 0
        || latencyWarmup >= latencySeconds) {
      throw new UserError("--records must be at least 1000, --campaigns and --repeats at least 1, --warmup at least 0,"
          + " --latency-seconds at least 5, --latency-rate at least 0, --latency-warmup at least 0 and less than"
          + " --latency-seconds");
    }
    for (String mode : modes) {
      if (!mode.equals("at-least-once") && !mode.equals("exactly-once")) {
        throw new UserError("--modes takes at-least-once and/or exactly-once, not '" + mode + "'");
      }
    }
    List<Integer> threads = streamThreads.stream().filter(n -> n > 0).toList();
    Config config = options.config();
    try (Node node = Node.open(config, options.bootstrap(config))) {
      Domain<?, ?> ads = DomainCatalog.create("ads", config);
      node.ensureTopics(List.of(ads));
      AdsInput.produce(node.kafka(), AdsSettings.fromConfig(config.getConfig("streamlearn.ads")), records, campaigns);
      ExpectedOutputs expected = ExpectedOutputs.of(config, node.kafka(), ads);
      List<Contender> contenders = Contenders.all(config, node.kafka(), ads, threads);
      System.out.printf("%,d records of %d campaigns on %s (%,d decisions expected); per mode %d warm-up + %d measured"
          + " runs of each, alternating, each on topics of its own%n", records, campaigns, node.kafka(),
          expected.total(true), warmup, repeats);
      EndToEndResults results = new EndToEndResults();
      int run = 0;
      try (Progress progress = Progress.start("bench e2e", (long) modes.size() * (warmup + repeats) * contenders.size(), "runs")) {
        for (String mode : modes) {
          for (int i = 0; i < warmup + repeats; i++) {
            String kind = i < warmup ? "warm-up" : String.valueOf(i - warmup + 1);
            for (Contender contender : contenders) {
              MeasuredRun.Result r = MeasuredRun.run(contender, mode, mode.equals("exactly-once"), kind,
                  "run" + run++ + "-" + contender.key().replace('_', '-') + "-" + System.nanoTime(), node.kafka(),
                  config.getConfig("streamlearn.kafka"), expected, records, Duration.ofSeconds(60));
              results.add(r);
              progress.step(1);
              System.out.printf("  %-13s %-8s %-24s %,10.0f records/s  %s%s%n", mode, kind, contender.key(),
                  r.recordsPerS(), r.verified() ? "verified: " : "NOT VERIFIED: ", r.detail());
            }
          }
          if (latency) {
            latencyRun(config, node, ads, contenders, results, mode, "run" + run++ + "-latency-" + System.nanoTime());
          }
        }
      }
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("records", records);
      summary.put("campaigns", campaigns);
      summary.put("repeats", repeats);
      summary.put("warmup", warmup);
      summary.put("decisions_expected", expected.total(true));
      if (latency) {
        summary.put("latency_seconds", latencySeconds);
        summary.put("latency_warmup_s", latencyWarmup);
      }
      List<String> streamsKeys = threads.stream().map(Contenders::streamsKey).toList();
      for (String mode : modes) {
        Map<String, Object> m = results.mode(mode, streamsKeys);
        summary.put(mode, m);
        System.out.println(mode + ": " + m);
      }
      summary.put("outputs_verified", results.unverified().isEmpty());
      if (out != null) {
        List<String> keys = new ArrayList<>();
        contenders.forEach(c -> keys.add(c.key()));
        results.write(out, summary, modes, keys);
        System.out.println("wrote " + out.resolve("summary.json"));
      }
      if (!results.unverified().isEmpty()) {
        throw new IllegalStateException(results.unverified().size() + " runs did not commit their complete outputs: "
            + results.unverified().stream().map(r -> r.mode() + " " + r.run() + " " + r.contender() + ": " + r.detail()).toList());
      }
      return 0;
    }
  }
}
