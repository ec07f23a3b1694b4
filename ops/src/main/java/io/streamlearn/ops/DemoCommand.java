package io.streamlearn.ops;

import com.typesafe.config.Config;
import io.streamlearn.ops.cli.CommonOptions;
import io.streamlearn.ops.demo.DemoPlan;
import io.streamlearn.ops.demo.DemoResult;
import io.streamlearn.ops.demo.DemoRun;
import io.streamlearn.ops.demo.DemoSummary;
import io.streamlearn.ops.http.HttpSettings;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.PipelineMetrics;
import io.streamlearn.streams.ads.AdsDomain;
import io.streamlearn.streams.chat.ChatDomain;
import io.streamlearn.streams.eeg.EegDomain;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Everything in one process: broker, topics, the ads, eeg and chat pipelines and the HTTP server,
 * simulated campaigns and, alongside, synthetic EEG recordings and scripted conversations; then a
 * summary. SIGTERM or Ctrl-C ends the play early with the summary so far, exit 0.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Start a broker, the ads, eeg and chat pipelines, simulated campaigns, EEG recordings and"
        + " conversations; print a summary.")
final class DemoCommand implements Callable<Integer> {

  @Mixin CommonOptions options;

  @Option(names = "--rounds", description = "Rounds to play (default: ${bundle:streamlearn.demo.rounds}, streamlearn.demo.rounds).")
  Long rounds;

  @Option(names = "--campaigns", description = "Campaigns (default: ${bundle:streamlearn.simulate.ads.campaigns}, streamlearn.simulate.ads.campaigns).")
  Integer campaigns;

  @Option(names = "--recordings", description = "EEG recordings (default: ${bundle:streamlearn.demo.eeg.recordings}, streamlearn.demo.eeg.recordings).")
  Integer recordings;

  @Option(names = "--conversations", description = "Chat conversations (default: ${bundle:streamlearn.demo.chat.conversations}, streamlearn.demo.chat.conversations).")
  Integer conversations;

  @Option(names = "--http-port", paramLabel = "PORT",
      description = "Port of the HTTP server (dashboard, decision API, metrics, health); 0 = a free one (default: ${bundle:streamlearn.http.port}, streamlearn.http.port).")
  Integer httpPort;

  @Option(names = "--linger", description = "Keep the pipelines and the HTTP server up after the summary until Ctrl-C or SIGTERM.")
  boolean linger;

  @Option(names = "--out", paramLabel = "DIR", description = "Also write the summary as DIR/summary.json.")
  Path out;

  @Override
  public Integer call() throws Exception {
    CompletableFuture<String> stop = StopSignals.install();
    Config config = options.config(CommonOptions.flags("streamlearn.demo.rounds", rounds,
        "streamlearn.simulate.ads.campaigns", campaigns, "streamlearn.demo.eeg.recordings", recordings,
        "streamlearn.demo.chat.conversations", conversations, "streamlearn.http.port", httpPort));
    DemoPlan plan = DemoPlan.fromConfig(config);
    HttpSettings http = NodeHttp.settings(config);
    long started = System.nanoTime();
    try (Node node = Node.open(plan.config(), options.bootstrap(config))) {
      List<Domain<?, ?>> domains = List.of(DomainCatalog.create(AdsDomain.NAME, plan.config()),
          DomainCatalog.create(EegDomain.NAME, plan.config()), DomainCatalog.create(ChatDomain.NAME, plan.config()));
      node.ensureTopics(domains);
      node.startPipelines(domains);
      try (NodeHttp server = NodeHttp.start(node, domains, http)) {
        System.out.println("broker " + node.bootstrap() + ", pipelines up in " + (System.nanoTime() - started) / 1_000_000
            + " ms; " + describe(plan));
        System.out.println("dashboard: " + server.url() + " (EEG; also " + server.url() + "ads, " + server.url() + "chat, "
            + server.url() + "node); metrics " + server.url() + "metrics, decision API " + server.url() + "api/ads/campaigns");
        DemoResult result = new DemoRun(node, plan, stop).play();
        DemoSummary.print(result, node.registry(), System.out);
        if (out != null) {
          System.out.println("summary: " + DemoSummary.write(result, node.registry(), out).toAbsolutePath());
        }
        if (linger && !stop.isDone()) {
          System.out.println("staying up at " + server.url() + " until Ctrl-C or SIGTERM");
          stop.join();
        }
        return result.stoppedEarly() || producedEverywhere(node) ? 0 : 1;
      }
    }
  }

  private static String describe(DemoPlan plan) {
    return "playing " + plan.rounds() + " rounds of " + plan.sim().campaigns() + " campaigns (" + plan.sim().environment()
        + "); streaming " + plan.eeg().recordings() + " EEG recordings of " + Math.round(plan.eeg().durationSeconds() / 60)
        + " min (" + plan.eeg().channels() + " channels at " + Math.round(plan.eeg().sampleRateHz()) + " Hz) as fast as"
        + " possible; " + plan.chat().conversations() + " conversations of " + plan.chat().turns() + " turns";
  }

  private static boolean producedEverywhere(Node node) {
    Map<String, Long> produced = PipelineMetrics.counts(node.registry(), PipelineMetrics.PRODUCED, "topic");
    return produced.getOrDefault(AdsDomain.DECISIONS, 0L) > 0 && produced.getOrDefault(EegDomain.PREDICTIONS, 0L) > 0
        && produced.getOrDefault(ChatDomain.RESPONSES, 0L) > 0;
  }
}
