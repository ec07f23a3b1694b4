package io.streamlearn.ops;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.ops.cli.CommonOptions;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.ops.sim.AdsReport;
import io.streamlearn.ops.sim.AdsSimulator;
import io.streamlearn.ops.sim.MalformedAds;
import io.streamlearn.ops.sim.SimulationSettings;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.PipelineMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Everything in one process: broker, topics, pipeline, simulated campaigns; then a summary. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Start a broker, the pipeline and simulated campaigns; play rounds and print a summary.")
final class DemoCommand implements Callable<Integer> {

  @Mixin CommonOptions options;

  @Option(names = "--rounds", description = "Rounds to play (default: streamlearn.demo.rounds).")
  Long rounds;

  @Option(names = "--campaigns", description = "Campaigns (default: streamlearn.simulate.ads.campaigns).")
  Integer campaigns;

  @Override
  public Integer call() {
    Config config = options.config();
    long totalRounds = rounds != null ? rounds : config.getLong("streamlearn.demo.rounds");
    int campaignCount = campaigns != null ? campaigns : config.getInt("streamlearn.simulate.ads.campaigns");
    if (totalRounds < 2 || campaignCount < 1) {
      throw new UserError("--rounds must be at least 2 and --campaigns at least 1");
    }
    config = sideBySide(config, campaignCount);
    Config streamlearn = config.getConfig("streamlearn");
    AdsSettings ads = AdsSettings.fromConfig(streamlearn.getConfig("ads"));
    SimulationSettings sim = SimulationSettings.fromConfig(streamlearn).withCampaigns(campaignCount);

    long started = System.nanoTime();
    try (Node node = Node.open(config, options.bootstrap(config))) {
      List<Domain<?, ?>> domains = List.of(DomainCatalog.create("ads", config));
      node.ensureTopics(domains);
      node.startPipelines(domains);
      System.out.println("broker " + node.bootstrap() + ", pipeline up in "
          + (System.nanoTime() - started) / 1_000_000 + " ms; playing " + totalRounds + " rounds of "
          + campaignCount + " campaigns (" + sim.environment() + ")");
      int malformed = 0;
      try (AdsSimulator simulator = new AdsSimulator(node.bootstrap(), ads, sim)) {
        long progressEvery = Math.max(1, totalRounds / 10);
        for (long round = 0; round < totalRounds; round++) {
          if (round == totalRounds / 2) {
            // Bad input is data: these go to ads.dlq with a reason while the campaigns go on.
            for (MalformedAds.Sample bad : MalformedAds.samples("campaign-00", ads.roundStart(round), ads.platforms().size())) {
              simulator.sendRaw(bad.topic(), bad.key(), bad.value());
              malformed++;
            }
          }
          simulator.playRound(round);
          if ((round + 1) % progressEvery == 0 || round + 1 == totalRounds) {
            printProgress(simulator, round + 1, totalRounds, node);
          }
        }
        awaitDeadLetters(node, malformed);
        System.out.println();
        System.out.println("summary after " + totalRounds + " rounds, " + (System.nanoTime() - started) / 1_000_000_000 + " s:");
        Summary.printCounts(node.registry(), System.out);
        AdsReport.print(simulator, totalRounds, System.out);
        long decisions = PipelineMetrics.counts(node.registry(), PipelineMetrics.PRODUCED, "topic").getOrDefault("ads.decisions", 0L);
        return decisions > 0 ? 0 : 1;
      }
    }
  }

  /** Campaign i runs streamlearn.demo.policies[i % size], unless the configuration names its policy. */
  private static Config sideBySide(Config config, int campaignCount) {
    List<String> policies = config.getStringList("streamlearn.demo.policies");
    Map<String, Object> byCampaign = new LinkedHashMap<>();
    for (int i = 0; i < campaignCount; i++) {
      byCampaign.put(String.format("campaign-%02d", i), policies.get(i % policies.size()));
    }
    byCampaign.putAll(config.getConfig("streamlearn.ads.policy-by-campaign").root().unwrapped());
    return config.withValue("streamlearn.ads.policy-by-campaign", ConfigValueFactory.fromMap(byCampaign));
  }

  private static void printProgress(AdsSimulator simulator, long round, long total, Node node) {
    StringBuilder line = new StringBuilder(String.format("round %4d/%d", round, total));
    long decisions = PipelineMetrics.counts(node.registry(), PipelineMetrics.PRODUCED, "topic").getOrDefault("ads.decisions", 0L);
    line.append(String.format("  decisions %,7d  regret per campaign:", decisions));
    for (AdsSimulator.PolicyResult result : simulator.results(round)) {
      line.append(String.format("  %s %,.0f", result.policy(), result.meanRegret()));
    }
    System.out.println(line);
  }

  private static void awaitDeadLetters(Node node, int expected) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline && PipelineMetrics.counts(node.registry(), PipelineMetrics.DEAD_LETTERS, "reason")
        .values().stream().mapToLong(Long::longValue).sum() < expected) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
