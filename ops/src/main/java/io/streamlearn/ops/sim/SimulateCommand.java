package io.streamlearn.ops.sim;

import com.typesafe.config.Config;
import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.ops.cli.CommonOptions;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.ops.kafka.TopicAdmin;
import io.streamlearn.streams.ads.AdsDomain;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Simulated traffic against a running pipeline (start one with `serve`). */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Produce simulated input traffic that reacts to the pipeline's outputs.",
    subcommands = {SimulateCommand.Ads.class})
public final class SimulateCommand {

  @Command(name = "ads", mixinStandardHelpOptions = true,
      description = "Campaigns in a linear dynamical world (the paper's configs) bidding on the pipeline's decisions.")
  static final class Ads implements Callable<Integer> {

    @Mixin CommonOptions options;

    @Option(names = "--rounds", defaultValue = "100", description = "Rounds to play (default: ${DEFAULT-VALUE}).")
    long rounds;

    @Option(names = "--campaigns", description = "Number of campaigns (default: streamlearn.simulate.ads.campaigns).")
    Integer campaigns;

    @Override
    public Integer call() {
      Config config = options.config();
      String bootstrap = options.bootstrap(config);
      if (bootstrap.isEmpty()) {
        throw new UserError("simulate drives a running pipeline: pass --bootstrap host:port of the cluster `serve` uses");
      }
      if (rounds < 1) {
        throw new UserError("--rounds must be at least 1");
      }
      Config streamlearn = config.getConfig("streamlearn");
      AdsSettings ads = AdsSettings.fromConfig(streamlearn.getConfig("ads"));
      SimulationSettings sim = SimulationSettings.fromConfig(streamlearn);
      if (campaigns != null) {
        sim = sim.withCampaigns(campaigns);
      }
      TopicAdmin.ensureTopics(bootstrap, List.of(AdsDomain.IMPRESSIONS, AdsDomain.OUTCOMES, AdsDomain.DECISIONS),
          streamlearn.getConfig("kafka"), false);
      try (AdsSimulator simulator = new AdsSimulator(bootstrap, ads, sim)) {
        for (long round = 0; round < rounds; round++) {
          simulator.playRound(round);
        }
        AdsReport.print(simulator, rounds, System.out);
      }
      return 0;
    }
  }
}
