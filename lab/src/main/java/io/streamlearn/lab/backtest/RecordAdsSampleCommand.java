package io.streamlearn.lab.backtest;

import com.typesafe.config.Config;
import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.broker.EmbeddedKafka;
import io.streamlearn.ops.DomainCatalog;
import io.streamlearn.ops.Node;
import io.streamlearn.ops.cli.CommonOptions;
import io.streamlearn.ops.cli.Progress;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.ads.AdsDomain;
import io.streamlearn.traffic.ads.AdsSimulationSettings;
import io.streamlearn.traffic.ads.AdsSimulator;
import io.streamlearn.traffic.capture.TopicRecorder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * An ads recording made live, for backtests: an embedded broker, the ads pipeline as {@code serve}
 * runs it (with the --config given, e.g. exploration on), the closed-loop campaign simulator, and
 * then {@code record} of its inputs and decisions. The decisions are a function of the inputs and
 * the inputs of the decisions (the simulator waits for each round's), so a rerun records the same
 * records per partition.
 */
@Command(name = "record-ads-sample", mixinStandardHelpOptions = true,
    description = "Run simulated campaigns live against the ads pipeline on an embedded broker and record"
        + " ads.impressions, ads.outcomes and ads.decisions into a recording file for `backtest`.")
public final class RecordAdsSampleCommand implements Callable<Integer> {

  @Mixin CommonOptions options;

  @Option(names = "--campaigns", defaultValue = "4", description = "Campaigns (default: ${DEFAULT-VALUE}).")
  int campaigns;

  @Option(names = "--rounds", defaultValue = "500", description = "Rounds (default: ${DEFAULT-VALUE}).")
  long rounds;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Recording to write.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (campaigns < 1 || rounds < 1) {
      throw new UserError("--campaigns and --rounds must be at least 1");
    }
    Config config = options.config();
    AdsSettings ads = AdsSettings.fromConfig(config.getConfig("streamlearn.ads"));
    AdsSimulationSettings sim = AdsSimulationSettings.fromConfig(config.getConfig("streamlearn")).withCampaigns(campaigns);
    long timeouts;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(); Node node = Node.open(config, kafka.bootstrapServers())) {
      List<Domain<?, ?>> domains = List.of(DomainCatalog.create(AdsDomain.NAME, config));
      node.ensureTopics(domains);
      node.startPipelines(domains);
      try (AdsSimulator simulator = new AdsSimulator(node.kafka(), ads, sim);
          Progress progress = Progress.start("record-ads-sample", rounds, "rounds")) {
        for (long round = 0; round < rounds; round++) {
          simulator.playRound(round);
          progress.stepTo(round + 1);
        }
        timeouts = simulator.decisionTimeouts();
      }
      long written = TopicRecorder.record(node.kafka(),
          List.of(AdsDomain.IMPRESSIONS, AdsDomain.OUTCOMES, AdsDomain.DECISIONS), out);
      System.out.println("recorded " + written + " records of " + campaigns + " campaigns over " + rounds + " rounds into "
          + out + (timeouts > 0 ? "; " + timeouts + " decisions came too late and the bidder kept its allocation" : ""));
    }
    return timeouts > 0 ? 1 : 0;
  }
}
